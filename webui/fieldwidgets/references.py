"""Lookup, LookupMulti, User and UserMulti: selects whose options come from the database.

The options change as items and people are added, so they are not part of the cached form
class; :meth:`bind` loads them per request through the form context's option source.
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup
from wtforms import SelectChoice, SelectField, SelectMultipleField

from .base import ColumnSpec, FieldAdapter, FormContext, RenderContext, adapters
from .choice import EMPTY_OPTION


class ReferenceAdapter(FieldAdapter):
    """Shared behaviour: one select (or multi-select) of ids."""

    #: Does the column hold several ids?
    multi = False

    def form_field(self, spec: ColumnSpec):
        if self.multi:
            return SelectMultipleField(choices=[], validate_choice=False,
                                       **self.field_kwargs(spec, size=8))
        return SelectField(choices=[], validate_choice=False, **self.field_kwargs(spec))

    def options(self, spec: ColumnSpec, ctx: FormContext) -> list[tuple[str, str]]:
        raise NotImplementedError

    def bind(self, bound, spec: ColumnSpec, ctx: FormContext) -> None:
        options = [SelectChoice(value, label) for value, label in self.options(spec, ctx)]
        bound.choices = options if self.multi else [EMPTY_OPTION, *options]

    def to_form(self, field, value, ctx) -> Any:
        if self.multi:
            return [str(v) for v in value or []]
        return "" if value is None else str(value)

    def from_form(self, spec: ColumnSpec, bound) -> Any:
        """Option values arrive as strings; the engine reads ids from them and refuses
        anything else (converting here would fail on '²', which ``isdigit`` accepts)."""
        if self.multi:
            return [v for v in bound.data or [] if v != ""]
        return bound.data or None


class LookupAdapter(ReferenceAdapter):
    type_key = "Lookup"

    def options(self, spec, ctx):
        return ctx.options.lookup_choices(spec)

    def render(self, field, value, ctx: RenderContext) -> Markup:
        """Each target the reader may see, as a link to its display page named by the
        target's show column."""
        list_id = self.engine_type.target_list_id(field) or ctx.list_id
        refs = ctx.engine.shown(self.engine_type.refs(field, value))
        return Markup("; ").join(Markup('<a href="{}">{}</a>').format(
            ctx.item_url(list_id, ref.id), ctx.engine.name_of(ref)) for ref in refs)


class LookupMultiAdapter(LookupAdapter):
    type_key = "LookupMulti"
    multi = True


class UserAdapter(ReferenceAdapter):
    type_key = "User"

    def options(self, spec, ctx):
        return ctx.options.user_choices()


class UserMultiAdapter(UserAdapter):
    type_key = "UserMulti"
    multi = True


for _adapter in (LookupAdapter(), LookupMultiAdapter(), UserAdapter(), UserMultiAdapter()):
    adapters.register(_adapter)
