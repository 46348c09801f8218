"""The contract between an engine field type and the web UI.

The engine must not know about WTForms or HTML, so each field type gets a web *adapter* here,
keyed by the same ``FieldType.key`` (the parallel-registry pattern of wtforms-sqlalchemy's
converters and plone.restapi's field serializers). An adapter knows four things: which form
field edits the type, how an engine value becomes form data, how submitted form data becomes
the *raw input* the engine parses, and how a value is shown as HTML. Validation is never done
here: the engine's ``parse`` is authoritative and its messages are put back onto the form.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping

from markupsafe import Markup, escape
from wtforms import Field as FormField

from listengine.fields import DisplayContext
from listengine.fields import registry as engine_types
from listengine.registry import Registry

if TYPE_CHECKING:
    from listengine.models import Field


@dataclass(frozen=True)
class ColumnSpec:
    """What a form needs to know about one column, as a hashable snapshot.

    Generated form classes are cached by content type and by the tuple of these specs, so a
    column change (title, settings, required ...) yields a new class instead of a stale one.
    """

    internal_name: str
    title: str
    type_key: str
    required: bool
    description: str
    settings_key: str
    settings: Mapping[str, Any] = dc_field(compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, field: "Field", *, required: bool) -> "ColumnSpec":
        settings = dict(field.settings or {})
        return cls(field.internal_name, field.title, field.type_key, required,
                   field.description or "", json.dumps(settings, sort_keys=True, default=str),
                   settings)


@dataclass(frozen=True)
class FormContext:
    """Per-request data a form needs and a cached class must not hold.

    ``options`` loads choices that change as data changes (items of a lookup's target list,
    users); ``time_zone`` is the site's, in which date/time inputs are shown and typed;
    ``file_url(internal_name)`` links the edited item's current file (None on a New form).
    """

    time_zone: str
    options: "OptionSource"
    file_url: Callable[[str], str] | None = None


class OptionSource:
    """Where select fields get their run-time options; views pass a service-backed one."""

    def lookup_choices(self, spec: ColumnSpec) -> list[tuple[str, str]]:
        raise NotImplementedError

    def user_choices(self) -> list[tuple[str, str]]:
        raise NotImplementedError


@dataclass(frozen=True)
class RenderContext:
    """What rendering a value as HTML needs besides the engine's :class:`DisplayContext`.

    ``item_url(list_id, item_no)`` and ``file_url(internal_name)`` are supplied by the view
    (they know the routes); ``file_url`` points at the item being rendered.
    """

    engine: DisplayContext
    list_id: int
    item_url: Callable[[int, int], str]
    file_url: Callable[[str], str] = lambda internal_name: ""


#: Returned by :meth:`FieldAdapter.from_form` when the submitted form leaves the stored value
#: as it is (an Image/File column whose "keep current" is in effect); the column is then
#: left out of the values passed to the engine.
KEEP = object()


class FieldAdapter:
    """Base adapter; subclasses set :attr:`type_key` and override what differs."""

    #: The engine ``FieldType.key`` this adapter serves.
    type_key: ClassVar[str] = ""
    #: Does the column appear on New/Edit forms? (Counter: no, it is read-only.)
    on_form: ClassVar[bool] = True

    @property
    def engine_type(self):
        return engine_types.get(self.type_key)

    # -- forms ----------------------------------------------------------------------------
    def form_field(self, spec: ColumnSpec) -> FormField:
        """An unbound WTForms field for the column (label, help text, widget)."""
        raise NotImplementedError

    def field_kwargs(self, spec: ColumnSpec, **render_kw: Any) -> dict[str, Any]:
        """Keyword arguments every generated field shares: label, help text, markers."""
        if spec.required:
            render_kw["aria-required"] = "true"
        return {"label": spec.title, "description": spec.description,
                "render_kw": render_kw or None}

    def bind(self, bound: FormField, spec: ColumnSpec, ctx: FormContext) -> None:
        """Give a bound field its per-request data (select options); default: nothing."""

    def to_form(self, field: "Field", value: Any, ctx: FormContext) -> Any:
        """The form data that shows ``value`` in the edit form."""
        return "" if value is None else self.engine_type.export(field, value)

    def from_form(self, spec: ColumnSpec, bound: FormField) -> Any:
        """The raw input for the engine's ``parse`` from what was submitted."""
        return bound.data

    # -- display --------------------------------------------------------------------------
    def text(self, field: "Field", value: Any, ctx: RenderContext) -> str:
        return self.engine_type.display(field, value, ctx.engine)

    def render(self, field: "Field", value: Any, ctx: RenderContext) -> Markup:
        """The value as safe HTML; by default the engine's display text, escaped."""
        return escape(self.text(field, value, ctx))


class AdapterRegistry(Registry[FieldAdapter]):
    """Adapters by field type key; one instance, filled by this package's modules."""

    what = "web adapter for field type"
    key_attribute = "type_key"


adapters = AdapterRegistry()
