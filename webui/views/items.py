"""Item pages: display, new, edit, delete, and the files of Image/File columns.

Forms are generated from the item's content type; whatever was typed goes to the engine as
raw input and the engine's field errors are shown next to their fields, with the input kept.
"""
from __future__ import annotations

import io
from typing import Any, Callable

from flask import Blueprint, abort, render_template, request, send_file, url_for
from sqlalchemy.orm import Session

import contenttypes
from listengine.models import ContentType, Item, List, Site
from listengine.permissions import Permission
from listengine.services import access, content_types, files, items, viewcounts
from listengine.services.content_types import EffectiveColumn

from ..actor import current_actor
from ..db import blob_store, close_session, database, get_session
from ..fieldwidgets import FormContext
from ..forms import ConfirmForm, ItemForm, build_form_class, edit_data, form_key, specs_of
from ..options import ServiceOptions
from ..rendering import file_url, for_item, render_context, render_values
from .loading import site_and_list, site_list_item
from .saving import save

bp = Blueprint("items", __name__, url_prefix="/sites/<slug>/lists/<url_name>/items")

#: Served inline; anything else is a download, so an uploaded HTML or SVG file can never
#: run script in the site's origin.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "audio/mpeg",
                          "audio/ogg", "audio/wav", "audio/webm", "audio/mp4"})


def _visible(columns: list[EffectiveColumn]) -> list[EffectiveColumn]:
    return [c for c in columns if not c.hidden]


@bp.get("/<id:item_no>")
def display(slug: str, url_name: str, item_no: int):
    """Every column of the item in its content type's display template (the generic form
    unless an ancestor type has its own), then the footer; showing it counts as a read."""
    session = get_session()
    site, lst, item = site_list_item(session, slug, url_name, item_no)
    all_columns = content_types.effective_columns(session, item.content_type)
    columns = _visible(all_columns)
    values = items.values_of(session, [item], all_columns)[0]
    ctx = for_item(render_context(session, site, lst, columns, [values]), site, lst, item_no)
    display_form = contenttypes.display_template(item.content_type.ct_id)
    close_session()  # the count is a short write of its own (no new version) ...
    values.update(viewcounts.record_view(database(), item, all_columns))  # ... that never waits
    return render_template("item.html", site=site, lst=lst, item=item,
                           title=_title(values, item), display_form=display_form,
                           rows=render_values([c.field for c in columns], values, ctx))


def _form_context(session: Session, site: Site, lst: List, item: Item | None) -> FormContext:
    return FormContext(
        time_zone=site.time_zone, options=ServiceOptions(session, site, lst),
        file_url=None if item is None else
        lambda name: file_url(site.slug, lst.url_name, item.item_no, name))


def _make_form(ct: ContentType, columns: list[EffectiveColumn], ctx: FormContext,
               data: dict[str, Any] | None = None) -> ItemForm:
    form = build_form_class(ct.id, specs_of(columns))(data=data)
    form.bind(ctx)
    return form


def _submit(form: ItemForm, context: dict[str, Any],
            write: Callable[[Session, dict[str, Any]], int], done: str):
    """Show the form, or save it with ``write(session, raw values) -> item_no`` and go to the
    item; :func:`.saving.save` shows the form again, with the user's input, on the engine's
    field errors (400) or a stale row version (409)."""
    def change(uow: Session) -> tuple[str, str]:
        item_no = write(uow, form.raw_values())
        return done, url_for(".display", slug=context["site"].slug,
                             url_name=context["lst"].url_name, item_no=item_no)

    def show(status: int, errors: dict[str, str]):
        return render_template("item_form.html", errors=errors, conflict=status == 409,
                               **context), status
    return save(form, change, show, field_name=form_key)


@bp.route("/new", methods=["GET", "POST"])
def new(slug: str, url_name: str):
    session = get_session()
    site, lst = site_and_list(session, slug, url_name)
    access.require(session, current_actor(), lst, Permission.AddListItems)
    offered = content_types.list_content_types(session, lst)
    wanted = request.args.get("ct")
    ct = next((c for c in offered if c.ct_id == wanted), None) if wanted else offered[0]
    if ct is None:
        abort(404)
    columns = content_types.effective_columns(session, ct)
    form_ctx = _form_context(session, site, lst, None)
    form = _make_form(ct, columns, form_ctx,
                      edit_data(columns, items.defaults(session, lst, ct), form_ctx))
    context = dict(site=site, lst=lst, ct=ct, content_types=offered, form=form, item=None)

    def write(uow: Session, values: dict[str, Any]) -> int:
        _, target = site_and_list(uow, slug, url_name)
        return items.create_item(uow, target, values, actor=current_actor(),
                                 content_type=ct.ct_id, files=blob_store()).item_no
    return _submit(form, context, write, "Đã tạo mục mới.")


@bp.route("/<id:item_no>/edit", methods=["GET", "POST"])
def edit(slug: str, url_name: str, item_no: int):
    session = get_session()
    site, lst, item = site_list_item(session, slug, url_name, item_no)
    access.require(session, current_actor(), item, Permission.EditListItems)
    columns = content_types.effective_columns(session, item.content_type)
    form_ctx = _form_context(session, site, lst, item)
    data = edit_data(columns, items.read_values(session, item), form_ctx)
    form = _make_form(item.content_type, columns, form_ctx,
                      {**data, "row_version": str(item.row_version)})
    form.editing = True
    context = dict(site=site, lst=lst, ct=item.content_type, content_types=[], form=form,
                   item=item)

    def write(uow: Session, values: dict[str, Any]) -> int:
        _, _, target = site_list_item(uow, slug, url_name, item_no)
        items.update_item(uow, target, values, actor=current_actor(), files=blob_store(),
                          expected_row_version=form.edited_version())
        return item_no
    return _submit(form, context, write, "Đã lưu thay đổi.")


@bp.route("/<id:item_no>/delete", methods=["GET", "POST"])
def delete(slug: str, url_name: str, item_no: int):
    session = get_session()
    site, lst, item = site_list_item(session, slug, url_name, item_no)
    access.require(session, current_actor(), item, Permission.DeleteListItems)
    form = ConfirmForm()
    context = dict(site=site, lst=lst, item=item, form=form,
                   title=_title(items.read_values(session, item), item))

    def change(uow: Session) -> tuple[str, str]:
        _, _, target = site_list_item(uow, slug, url_name, item_no)
        items.delete_item(uow, target, actor=current_actor())
        return f"Đã xóa mục {item_no}.", url_for("lists.show", slug=slug, url_name=url_name)

    def show(status: int, errors: dict[str, str]):
        return render_template("item_delete.html", errors=errors, **context), status
    return save(form, change, show)


def _title(values: dict[str, Any], item: Item) -> str:
    """What a page calls the item: its Title, or its ID when it has none."""
    return values.get("Title") or f"#{item.item_no}"


@bp.get("/<id:item_no>/files/<internal_name>")
def file(slug: str, url_name: str, item_no: int, internal_name: str):
    """The bytes of a file stored in one of the item's Image/File columns."""
    session = get_session()
    _, _, item = site_list_item(session, slug, url_name, item_no)
    stored = files.item_file(session, item, internal_name, actor=current_actor())
    try:
        data = blob_store().get(stored.sha256)
    except FileNotFoundError:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype=stored.content_type,
                         as_attachment=stored.content_type not in INLINE_TYPES,
                         download_name=stored.filename, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
