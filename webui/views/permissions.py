"""Manage Permissions and Check Permissions of a site, a list or an item.

The three kinds of object share every view: the URL names the object (site slug, list URL
name, item ID), :func:`_find` loads it for the current actor (a list or item they cannot
see is a 404) and the same templates show it. Reading the page needs Enumerate Permissions
(the engine's ``role_assignments`` checks it); each action is one POST that the engine
checks again for Manage Permissions.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from listengine.errors import NotFound, ValidationError, one_error
from listengine.models import Item, List, RoleDefinition, Site, SiteGroup
from listengine.permissions import ANONYMOUS_LIMIT, Permission
from listengine.services import access, groups, levels, sharing, sites, users
from listengine.services.access import Securable
from listengine.services.sharing import Principal

from ..actor import current_actor
from ..auth import signed_in_only
from ..db import get_session
from ..forms import AnonymousForm, BreakForm, ConfirmForm, GrantForm, LevelsForm, SelectionForm
from .loading import site_and_list, site_list_item
from .saving import resolve, save

bp = Blueprint("permissions", __name__)
bp.before_request(signed_in_only)


#: Where the permission pages of a site, a list and an item live.
_PAGES = ("/sites/<slug>/permissions", "/sites/<slug>/lists/<url_name>/permissions",
          "/sites/<slug>/lists/<url_name>/items/<id:item_no>/permissions")


def _route(suffix: str, **options: Any) -> Callable:
    """Register a view at ``suffix`` under all three kinds of permission page."""
    def register(view: Callable) -> Callable:
        for page in _PAGES:
            bp.add_url_rule(page + suffix, view_func=view, **options)
        return view
    return register


def address(obj: Securable) -> dict[str, Any]:
    """The URL arguments that name ``obj``."""
    if isinstance(obj, Item):
        return {**address(obj.list), "item_no": obj.item_no}
    if isinstance(obj, List):
        return {"slug": obj.site.slug, "url_name": obj.url_name}
    return {"slug": obj.slug}


@bp.app_template_global()
def permissions_url(obj: Securable, page: str = "manage", **args: Any) -> str:
    """The URL of one of ``obj``'s permission pages (``manage``, ``check``, ``edit``)."""
    return url_for(f"permissions.{page}", **address(obj), **args)


@bp.app_template_global()
def describe(obj: Securable) -> str:
    """What a page calls ``obj``."""
    if isinstance(obj, Item):
        return f"mục #{obj.item_no} của danh sách {obj.list.title}"
    if isinstance(obj, List):
        return f"danh sách {obj.title}"
    return f"trang {obj.title}"


@bp.app_template_filter()
def principal_key(principal: Principal) -> str:
    """How forms name a principal: ``group:<name>`` or ``user:<login>``."""
    if isinstance(principal, SiteGroup):
        return f"group:{principal.name}"
    return f"user:{principal.login}"


@bp.app_template_filter()
def principal_name(principal: Principal) -> str:
    return principal.name if isinstance(principal, SiteGroup) else principal.display_name


def _principal(session: Session, site: Site, key: str) -> Principal:
    kind, _, name = key.partition(":")
    if kind == "group":
        return groups.get_group(session, site, name)
    if kind == "user":
        return users.get_user(session, name)
    raise NotFound(f"No user or group '{key}'.")


def _levels(session: Session, site: Site, names: list[str]) -> list[RoleDefinition]:
    return [levels.get_level(session, site, name) for name in names]


def _find(session: Session, slug: str, url_name: str | None = None,
          item_no: int | None = None) -> Securable:
    if item_no is not None:
        return site_list_item(session, slug, url_name, item_no)[2]
    if url_name is not None:
        return site_and_list(session, slug, url_name)[1]
    return sites.get_site(session, slug)


def _context(obj: Securable) -> dict[str, Any]:
    """What every permission page shows around its content (base.html's crumbs)."""
    lst = obj.list if isinstance(obj, Item) else obj if isinstance(obj, List) else None
    return dict(obj=obj, site=sharing.site_of(obj), lst=lst)


def _level_choices(site_levels: list[RoleDefinition]) -> list[tuple[str, str]]:
    return [(level.name, level.name) for level in site_levels]


@_route("")
def manage(**where: Any):
    return _manage_page(where)


def _manage_page(where: dict[str, Any], status: int = 200, errors: dict[str, str] | None = None,
                 **submitted: FlaskForm):
    """The page, with ``submitted`` (a refused form, by its template name) shown as posted."""
    session = get_session()
    obj = _find(session, **where)
    assignments = sharing.role_assignments(session, obj, actor=current_actor())
    site_levels = levels.list_levels(session, sharing.site_of(obj))
    mask = sharing.anonymous_mask(session, obj)
    anonymous = next((level.name for level in site_levels if level.permissions == mask), None)
    forms = dict(break_form=BreakForm(formdata=None, copy=True),
                 reset_form=ConfirmForm(formdata=None), grant_form=GrantForm(formdata=None),
                 remove_form=SelectionForm(formdata=None),
                 anonymous_form=AnonymousForm(formdata=None, level=anonymous or ""))
    forms.update(submitted)
    forms["grant_form"].levels.choices = _level_choices(site_levels)
    forms["grant_form"].group.choices = [("", "(chọn nhóm)")] + [
        (group.name, group.name) for group in groups.list_groups(session, sharing.site_of(obj))]
    forms["anonymous_form"].level.choices = [("", "Không có quyền")] + [
        (level.name, level.name) for level in site_levels
        if not level.permissions & ~ANONYMOUS_LIMIT]
    return render_template(
        "permissions.html", **_context(obj), **forms, assignments=assignments,
        parent=access.inherits_from(obj), unique=sharing.has_unique_permissions(obj),
        anonymous=anonymous, anonymous_mask=mask, errors=errors), status


def _save(where: dict[str, Any], name: str, form: FlaskForm,
          act: Callable[[Session, Securable], str]):
    """Post ``form`` (called ``name`` on the page): ``act(session, obj) -> message`` on the
    object found again in the unit of work, then back to the page."""
    def change(session: Session) -> tuple[str, str]:
        return act(session, _find(session, **where)), url_for(".manage", **where)
    return save(form, change, lambda status, errors: _manage_page(where, status, errors,
                                                                  **{name: form}))


@_route("/break", methods=["POST"])
def break_inheritance(**where: Any):
    form = BreakForm()

    def act(session: Session, obj: Securable) -> str:
        sharing.break_inheritance(session, obj, actor=current_actor(), copy=form.copy.data,
                                  clear_subscopes=form.clear_subscopes.data)
        return "Đã ngừng kế thừa quyền."
    return _save(where, "break_form", form, act)


@_route("/reset", methods=["POST"])
def reset(**where: Any):
    def act(session: Session, obj: Securable) -> str:
        sharing.reset_inheritance(session, obj, actor=current_actor())
        return "Đã xóa quyền riêng; quyền lại được kế thừa."
    return _save(where, "reset_form", ConfirmForm(), act)


@_route("/grant", methods=["POST"])
def grant(**where: Any):
    form = GrantForm()

    def act(session: Session, obj: Securable) -> str:
        site = sharing.site_of(obj)
        login, group = (form.login.data or "").strip(), form.group.data or ""
        if bool(login) == bool(group):
            raise one_error("login", "Nhập tên đăng nhập của một người dùng, hoặc chọn một "
                                     "nhóm (không chọn cả hai).")
        field, key = ("login", f"user:{login}") if login else ("group", f"group:{group}")
        found = resolve(**{field: lambda: _principal(session, site, key)},
                        levels=lambda: _levels(session, site, form.levels.data))
        sharing.grant(session, obj, found[field], found["levels"], actor=current_actor())
        return f"Đã cấp quyền cho {login or group}."
    return _save(where, "grant_form", form, act)


@_route("/remove", methods=["POST"])
def remove(**where: Any):
    form = SelectionForm()

    def act(session: Session, obj: Securable) -> str:
        if not form.selected.data:
            raise one_error("selected", "Chọn ít nhất một người dùng hoặc nhóm.")
        site = sharing.site_of(obj)
        principals = resolve(selected=lambda: [_principal(session, site, key)
                                               for key in form.selected.data])["selected"]
        for principal in principals:
            sharing.revoke(session, obj, principal, actor=current_actor())
        return f"Đã gỡ quyền của {len(principals)} người dùng hoặc nhóm."
    return _save(where, "remove_form", form, act)


@_route("/anonymous", methods=["POST"])
def anonymous(**where: Any):
    form = AnonymousForm()

    def act(session: Session, obj: Securable) -> str:
        name, site, level = form.level.data or "", sharing.site_of(obj), None
        if name:
            level = resolve(level=lambda: levels.get_level(session, site, name))["level"]
        sharing.set_anonymous_access(session, obj, level, actor=current_actor())
        return "Đã lưu quyền của khách ẩn danh."
    return _save(where, "anonymous_form", form, act)


@_route("/edit", methods=["GET", "POST"])
def edit(**where: Any):
    """Edit one principal's levels (``?principal=group:<name>`` or ``user:<login>``)."""
    key = request.args.get("principal", "")
    session = get_session()
    obj = _find(session, **where)
    principal = _principal(session, sharing.site_of(obj), key)
    held = next((a.levels for a in sharing.role_assignments(session, obj, actor=current_actor())
                 if principal_key(a.principal) == key), [])
    form = LevelsForm(levels=[level.name for level in held])
    form.levels.choices = _level_choices(levels.list_levels(session, sharing.site_of(obj)))

    def change(uow: Session) -> tuple[str, str]:
        target = _find(uow, **where)
        site = sharing.site_of(target)
        found = resolve(levels=lambda: _levels(uow, site, form.levels.data))
        sharing.set_levels(uow, target, _principal(uow, site, key), found["levels"],
                           actor=current_actor())
        return f"Đã lưu quyền của {key.partition(':')[2]}.", url_for(".manage", **where)

    def show(status: int, errors: dict[str, str]):
        return render_template("principal_levels.html", **_context(obj), principal=principal,
                               form=form, errors=errors), status
    return save(form, change, show)


@_route("/check")
def check(**where: Any):
    """What one user (``?login=``; empty: an anonymous visitor) may do here, and why.

    The actor's right is checked before the login is looked up, so that nobody else learns
    from the answer which logins exist."""
    session = get_session()
    obj = _find(session, **where)
    actor = current_actor()
    access.require(session, actor, obj, Permission.EnumeratePermissions)
    login = request.args.get("login", "").strip()
    context = dict(_context(obj), login=login)
    try:
        person = resolve(login=lambda: users.get_user(session, login))["login"] if login else None
    except ValidationError as exc:
        return render_template("check_permissions.html", errors=exc.errors, **context), 400
    return render_template("check_permissions.html", person=person, errors={},
                           result=sharing.check_permissions(session, obj, person, actor=actor),
                           **context)
