"""People and groups of a site, its permission levels, and the users of the whole
installation.

Seeing a site's groups and levels needs Enumerate Permissions on the site; creating a group
needs Create Groups, and every other change Manage Permissions, which the services check.
Users are managed by site collection administrators only.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from listengine.errors import one_error
from listengine.models import RoleDefinition, Site, SiteGroup
from listengine.permissions import FULL_MASK, Permission, names_of
from listengine.services import access, groups, levels, sites, users

from ..actor import current_actor
from ..auth import signed_in_only
from ..db import get_session
from ..forms import (
    ConfirmForm,
    GroupForm,
    LevelForm,
    MemberForm,
    SelectionForm,
    UserEditForm,
    UserForm,
)
from .saving import resolve, save

bp = Blueprint("people", __name__)
bp.before_request(signed_in_only)

#: Every right, for the level editor's checkboxes, in bit order.
PERMISSION_CHOICES = [(right.name, right.name) for right in Permission]


def _site(session: Session, slug: str, right: Permission) -> Site:
    """The site, once the actor is known to hold ``right`` on it."""
    site = sites.get_site(session, slug)
    access.require(session, current_actor(), site, right)
    return site


# Groups

@bp.get("/sites/<slug>/groups")
def groups_page(slug: str):
    return _groups_page(slug)


def _groups_page(slug: str, status: int = 200, errors: dict[str, str] | None = None,
                 form: GroupForm | None = None):
    session = get_session()
    site = _site(session, slug, Permission.EnumeratePermissions)
    counts = groups.member_counts(session, site)
    rows = [(group, counts.get(group.id, 0)) for group in groups.list_groups(session, site)]
    return render_template("groups.html", site=site, rows=rows, errors=errors,
                           form=form or GroupForm(formdata=None)), status


@bp.post("/sites/<slug>/groups")
def create_group(slug: str):
    form = GroupForm()

    def change(session: Session) -> tuple[str, str]:
        group = groups.create_group(session, sites.get_site(session, slug), actor=current_actor(),
                                    name=form.name.data or "",
                                    description=form.description.data or "")
        return f"Đã tạo nhóm {group.name}.", url_for(".group", slug=slug, name=group.name)
    return save(form, change, lambda status, errors: _groups_page(slug, status, errors, form))


@bp.get("/sites/<slug>/groups/<path:name>")
def group(slug: str, name: str):
    return _group_page(slug, name)


def _group_page(slug: str, name: str, status: int = 200, errors: dict[str, str] | None = None,
                **submitted: FlaskForm):
    """The group with its members, and ``submitted`` (a refused form) shown as posted."""
    session = get_session()
    site = _site(session, slug, Permission.EnumeratePermissions)
    found = groups.get_group(session, site, name)
    forms = dict(member_form=MemberForm(formdata=None), remove_form=SelectionForm(formdata=None),
                 group_form=GroupForm(formdata=None, obj=found),
                 delete_form=ConfirmForm(formdata=None))
    forms.update(submitted)
    return render_template("group.html", site=site, group=found, errors=errors,
                           members=groups.members(session, found), **forms), status


def _change_group(slug: str, name: str, form_name: str, form: FlaskForm,
                  act: Callable[[Session, SiteGroup], tuple[str, str]]):
    """Post ``form`` of the group page: ``act(session, group) -> (message, URL)``."""
    def change(session: Session) -> tuple[str, str]:
        return act(session, groups.get_group(session, sites.get_site(session, slug), name))
    return save(form, change, lambda status, errors: _group_page(slug, name, status, errors,
                                                                 **{form_name: form}))


@bp.post("/sites/<slug>/groups/<path:name>/members")
def add_member(slug: str, name: str):
    form = MemberForm()

    def act(session: Session, found: SiteGroup) -> tuple[str, str]:
        login = (form.login.data or "").strip()
        person = resolve(login=lambda: users.get_user(session, login))["login"]
        groups.add_member(session, found, person, actor=current_actor())
        return (f"Đã thêm {person.display_name} vào nhóm.",
                url_for(".group", slug=slug, name=name))
    return _change_group(slug, name, "member_form", form, act)


@bp.post("/sites/<slug>/groups/<path:name>/members/remove")
def remove_members(slug: str, name: str):
    form = SelectionForm()

    def act(session: Session, found: SiteGroup) -> tuple[str, str]:
        if not form.selected.data:
            raise one_error("selected", "Chọn ít nhất một thành viên.")
        people = resolve(selected=lambda: [users.get_user(session, login)
                                           for login in form.selected.data])["selected"]
        for person in people:
            groups.remove_member(session, found, person, actor=current_actor())
        return (f"Đã xóa {len(people)} người khỏi nhóm.",
                url_for(".group", slug=slug, name=name))
    return _change_group(slug, name, "remove_form", form, act)


@bp.post("/sites/<slug>/groups/<path:name>/update")
def update_group(slug: str, name: str):
    form = GroupForm()

    def act(session: Session, found: SiteGroup) -> tuple[str, str]:
        groups.update_group(session, found, actor=current_actor(), name=form.name.data or "",
                            description=form.description.data or "")
        return "Đã lưu nhóm.", url_for(".group", slug=slug, name=found.name)
    return _change_group(slug, name, "group_form", form, act)


@bp.post("/sites/<slug>/groups/<path:name>/delete")
def delete_group(slug: str, name: str):
    def act(session: Session, found: SiteGroup) -> tuple[str, str]:
        groups.delete_group(session, found, actor=current_actor())
        return f"Đã xóa nhóm {name}.", url_for(".groups_page", slug=slug)
    return _change_group(slug, name, "delete_form", ConfirmForm(), act)


# Permission levels

@bp.get("/sites/<slug>/levels")
def levels_page(slug: str):
    return _levels_page(slug)


def _levels_page(slug: str, status: int = 200, errors: dict[str, str] | None = None):
    session = get_session()
    site = _site(session, slug, Permission.EnumeratePermissions)
    rows = [(level, [] if level.permissions == FULL_MASK else names_of(level.permissions))
            for level in levels.list_levels(session, site)]
    return render_template("levels.html", site=site, rows=rows, errors=errors,
                           delete_form=ConfirmForm(formdata=None)), status


def _level_form(slug: str, level: RoleDefinition | None, form: LevelForm,
                write: Callable[[Session, Site], RoleDefinition]):
    """The level editor: ``write(session, site)`` creates or changes the level."""
    form.permissions.choices = PERMISSION_CHOICES

    def change(session: Session) -> tuple[str, str]:
        saved = write(session, sites.get_site(session, slug))
        return f"Đã lưu mức quyền {saved.name}.", url_for(".levels_page", slug=slug)

    def show(status: int, errors: dict[str, str]):
        return render_template("level_form.html", site=sites.get_site(get_session(), slug),
                               level=level, form=form, errors=errors), status
    return save(form, change, show)


def _level_fields(form: LevelForm) -> dict[str, Any]:
    return dict(name=form.name.data or "", description=form.description.data or "",
                permissions=form.permissions.data)


@bp.route("/sites/<slug>/levels/new", methods=["GET", "POST"])
def new_level(slug: str):
    _site(get_session(), slug, Permission.ManagePermissions)
    form = LevelForm()
    return _level_form(slug, None, form, lambda session, site: levels.create_level(
        session, site, actor=current_actor(), **_level_fields(form)))


@bp.route("/sites/<slug>/levels/<path:name>/edit", methods=["GET", "POST"])
def edit_level(slug: str, name: str):
    session = get_session()
    level = levels.get_level(session, _site(session, slug, Permission.ManagePermissions), name)
    form = LevelForm(name=level.name, description=level.description,
                     permissions=names_of(level.permissions))
    return _level_form(slug, level, form, lambda uow, site: levels.update_level(
        uow, levels.get_level(uow, site, name), actor=current_actor(), **_level_fields(form)))


@bp.post("/sites/<slug>/levels/<path:name>/delete")
def delete_level(slug: str, name: str):
    def change(session: Session) -> tuple[str, str]:
        site = sites.get_site(session, slug)
        levels.delete_level(session, levels.get_level(session, site, name), actor=current_actor())
        return f"Đã xóa mức quyền {name}.", url_for(".levels_page", slug=slug)
    return save(ConfirmForm(), change,
                lambda status, errors: _levels_page(slug, status, errors))


# Users (site collection administrators)

def _require_admin() -> None:
    access.require_admin(current_actor(), "manage users")


@bp.get("/users")
def users_page():
    _require_admin()
    return render_template("users.html",
                           people=users.list_users(get_session(), include_inactive=True))


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    _require_admin()
    form = UserForm()

    def change(session: Session) -> tuple[str, str]:
        person = users.create_user(
            session, actor=current_actor(), login=form.login.data or "",
            display_name=form.display_name.data or "", email=form.email.data or "",
            password=form.password.data or None, is_site_admin=form.is_site_admin.data)
        return f"Đã tạo người dùng {person.login}.", url_for(".users_page")
    return save(form, change, lambda status, errors: (render_template(
        "user_form.html", person=None, form=form, errors=errors), status))


@bp.route("/users/<path:login>/edit", methods=["GET", "POST"])
def edit_user(login: str):
    _require_admin()
    person = users.get_user(get_session(), login)
    form = UserEditForm(obj=person)

    def change(session: Session) -> tuple[str, str]:
        users.update_user(session, users.get_user(session, login), actor=current_actor(),
                          display_name=form.display_name.data or "",
                          email=form.email.data or "", is_active=form.is_active.data,
                          is_site_admin=form.is_site_admin.data,
                          password=form.password.data or None)
        return f"Đã lưu người dùng {login}.", url_for(".users_page")
    return save(form, change, lambda status, errors: (render_template(
        "user_form.html", person=person, form=form, errors=errors), status))
