"""Applying a validated site definition through the services.

Every object is compared with what exists and only then created or updated, so loading the
same file twice changes nothing the second time. The loader adds and updates; it never
deletes a column, content type, list or item the file does not mention (only a content
type's own column links follow the file, since their order is part of its definition).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

import contenttypes

from ..errors import SchemaError, ValidationError
from ..fields import registry
from ..models import ContentType, Field, List, Site
from ..services import columns, content_types, lists, sites
from ..services.access import Actor
from ..storage import BlobStore
from . import seed
from .batches import Seeding, SeedTask
from .model import (
    ColumnOverride,
    ColumnDefinition,
    ContentTypeSpec,
    ListSpec,
    SiteDefinition,
)
from .parse import join
from .report import CREATED, UNCHANGED, UPDATED, Report
from .seed import find
from .validate import Existing, Node

#: The service's name for a column property -> what the file calls it, where they differ.
_FILE_NAMES = {"type_key": "type"}
#: Column properties a list's copy of a site column follows (``unique`` is list-only and a
#: type change goes through the site column).
_COPY_PROPERTIES = ("title", "description", "group", "required", "hidden", "indexed", "default",
                    "settings")


def _raise(exc: ValidationError, path: str) -> None:
    """Re-raise a service's ValidationError as a SchemaError at the file key it concerns."""
    key, message = next(iter(exc.errors.items()))
    raise SchemaError(join(path, _FILE_NAMES.get(key, key)), message) from None


# -- what exists ---------------------------------------------------------------------------
def existing_state(session: Session, slug: str, actor: Actor) -> tuple[Site | None, Existing]:
    """Read (never write) what the site has; for a new site, the built-ins it will get."""
    builtin_names = {c["internal_name"] for c in contenttypes.BUILTIN_COLUMNS}
    site = find(lambda: sites.get_site(session, slug))
    if site is None:
        existing = Existing(
            columns={c["internal_name"]: (c["type_key"], c.get("settings", {}))
                     for c in contenttypes.BUILTIN_COLUMNS},
            builtin_columns=builtin_names)
        for ct in contenttypes.BUILTIN_CONTENT_TYPES:
            parent = next((p for p in contenttypes.BUILTIN_CONTENT_TYPES
                           if content_types.is_ancestor(p["ct_id"], ct["ct_id"])
                           and len(p["ct_id"]) < len(ct["ct_id"])), None)
            inherited = existing.content_types[parent["ct_id"]] if parent else []
            names = inherited + [c for c in ct["columns"] if c not in inherited]
            existing.content_types[ct["name"]] = existing.content_types[ct["ct_id"]] = names
        return None, existing
    existing = Existing(builtin_columns=builtin_names)
    for field in columns.list_site_columns(session, site):
        existing.columns[field.internal_name] = (field.type_key, field.settings)
    for ct in content_types.list_site_content_types(session, site):
        names = [c.internal_name for c in content_types.effective_columns(session, ct)]
        existing.content_types[ct.name] = existing.content_types[ct.ct_id] = names
    existing.lists = {lst.url_name for lst in lists.list_lists(session, site, actor=actor)}
    return site, existing


# -- applying ------------------------------------------------------------------------------
class Applier:
    """Applies one definition to one site, recording every outcome in ``report``."""

    def __init__(self, session: Session, defn: SiteDefinition, *, actor: Actor,
                 files: BlobStore | None = None, base_dir: Path | None = None):
        self.session, self.defn, self.actor, self.files = session, defn, actor, files
        self.base_dir = base_dir
        self.report = Report()
        self.site = self._site()

    def run(self, order: list[Node]) -> Seeding:
        """Apply the schema (columns, content types, lists); the seed items still to add."""
        for node in order:
            if isinstance(node, ColumnDefinition):
                self.apply_site_column(node)
            elif isinstance(node, ContentTypeSpec):
                self.apply_content_type(node)
            else:
                self.apply_list(node)
        return Seeding(self.defn.site.slug, [self.seed_task(node) for node in order
                                             if isinstance(node, ListSpec) and node.items],
                       self.report, files=self.files, base_dir=self.base_dir)

    # site ---------------------------------------------------------------------------------
    def _site(self) -> Site:
        spec = self.defn.site
        site = find(lambda: sites.get_site(self.session, spec.slug))
        if site is None:
            try:
                site = sites.create_site(self.session, actor=self.actor, slug=spec.slug,
                                         title=spec.title, time_zone=spec.time_zone,
                                         description=spec.description)
            except ValidationError as exc:
                _raise(exc, spec.path)
            self.report.add(CREATED, "site", spec.slug)
            return site
        changes = {name: getattr(spec, name) for name in ("title", "time_zone", "description")
                   if getattr(site, name) != getattr(spec, name)}
        if changes:
            try:
                sites.update_site(self.session, site, **changes, actor=self.actor)
            except ValidationError as exc:
                _raise(exc, spec.path)
        self.report.add(UPDATED if changes else UNCHANGED, "site", spec.slug)
        return site

    # columns ------------------------------------------------------------------------------
    def _checked_settings(self, type_key: str, settings: dict[str, Any]) -> dict[str, Any]:
        """The settings as stored: the lists they name by url_name as ids (the type says
        which settings name lists), then normalised by the type."""
        field_type = registry.get(type_key)
        return field_type.validate_settings(field_type.resolve_lists(
            settings, lambda name: lists.get_list(self.session, self.site, name,
                                                  actor=self.actor).id))

    def _wanted(self, spec: ColumnDefinition, lst: List | None,
                override: ColumnOverride | None = None) -> dict[str, Any]:
        """The column's properties as the services name them, normalised as stored."""
        wanted = {"title": spec.title, "type_key": spec.type_key, "required": spec.required,
                  "unique": spec.unique, "indexed": spec.indexed, "hidden": spec.hidden,
                  "description": spec.description, "default": spec.default,
                  "group": spec.group, "settings": spec.settings}
        if override is not None:
            wanted.update({k: v for k, v in override.changes.items() if k != "settings"})
            wanted["settings"] = {**spec.settings, **override.changes.get("settings", {})}
        wanted["settings"] = self._checked_settings(spec.type_key, wanted["settings"])
        # The column service indexes every unique column (SharePoint rule); want what it keeps.
        wanted["indexed"] = wanted["indexed"] or wanted["unique"]
        return wanted

    @staticmethod
    def _current(field: Field) -> dict[str, Any]:
        return {"title": field.title, "type_key": field.type_key, "required": field.required,
                "unique": field.unique, "indexed": field.indexed, "hidden": field.hidden,
                "description": field.description, "default": field.default_value,
                "group": field.group_name, "settings": field.settings}

    def _sync(self, field: Field, wanted: dict[str, Any], kind: str, name: str,
              path: str) -> bool:
        """Update ``field`` where it differs from ``wanted``; report; True if it changed.

        A site column's changes are pushed down to its list copies; a list that overrides
        the same property sets its own value again when the list is applied (lists come
        after the columns they use).
        """
        current = self._current(field)
        if wanted.get("default") in ("", []):
            wanted["default"] = None
        changes = {k: v for k, v in wanted.items() if current[k] != v}
        if changes:
            try:
                columns.update_column(self.session, field, actor=self.actor, push_down=True,
                                      **changes)
            except ValidationError as exc:
                _raise(exc, path)
        self.report.add(UPDATED if changes else UNCHANGED, kind, name)
        return bool(changes)

    def apply_site_column(self, spec: ColumnDefinition) -> None:
        field = find(lambda: columns.get_site_column(self.session, self.site, spec.internal_name))
        wanted = self._wanted(spec, None)
        if field is not None:
            self._sync(field, wanted, "site column", spec.internal_name, spec.path)
            return
        try:
            columns.create_site_column(self.session, self.site,
                                       internal_name=spec.internal_name, **wanted, actor=self.actor)
        except ValidationError as exc:
            _raise(exc, spec.path)
        self.report.add(CREATED, "site column", spec.internal_name)

    # content types ------------------------------------------------------------------------
    def apply_content_type(self, spec: ContentTypeSpec) -> None:
        session = self.session
        ct = find(lambda: content_types.get_content_type(session, self.site, spec.name))
        created = ct is None
        if created:
            try:
                ct = content_types.create_content_type(
                    session, self.site, name=spec.name, description=spec.description,
                    group=spec.group,
                    parent=content_types.get_content_type(session, self.site, spec.parent),
                    actor=self.actor)
            except ValidationError as exc:
                _raise(exc, spec.path)
        else:
            self._warn_parent_change(ct, spec)
        described = created or (ct.description, ct.group_name) == (spec.description, spec.group)
        if not described:
            content_types.update_content_type(session, ct, description=spec.description,
                                             group=spec.group, actor=self.actor)
        links_changed = self._sync_links(ct, spec)
        if created:
            self.report.add(CREATED, "content type", spec.name)
        elif links_changed or not described:
            content_types.push_down(session, ct, actor=self.actor)
            self.report.add(UPDATED, "content type", spec.name)
        else:
            self.report.add(UNCHANGED, "content type", spec.name)

    def _sync_links(self, ct: ContentType, spec: ContentTypeSpec) -> bool:
        """Make the type's own column links those of the file, in its order; True if changed.

        Links after the first difference are removed and added again in order, since the
        service appends new links at the end.
        """
        session = self.session
        wanted = [(link, columns.get_site_column(session, self.site, link.name))
                  for link in spec.columns]
        own = [lk for lk in ct.links if not lk.removed]
        if [(lk.field_id, lk.required, lk.hidden) for lk in own] == [
                (field.id, link.required, link.hidden) for link, field in wanted]:
            return False
        same = 0
        while same < min(len(own), len(wanted)) and own[same].field_id == wanted[same][1].id:
            same += 1
        for lk in own[same:]:
            content_types.remove_field_link(session, ct, lk.field, actor=self.actor)
        for link, field in wanted:
            content_types.add_field_link(session, ct, field, required=link.required,
                                        hidden=link.hidden, actor=self.actor)
        return True

    def _warn_parent_change(self, ct: ContentType, spec: ContentTypeSpec) -> None:
        parent = content_types.get_content_type(self.session, self.site, spec.parent)
        if ct.parent_id != parent.id:
            self.report.warnings.append(f"{join(spec.path, 'parent')}: a content type's parent "
                                        "cannot change; left as it is")

    # lists --------------------------------------------------------------------------------
    def apply_list(self, spec: ListSpec) -> None:
        session = self.session
        site_cts = [content_types.get_content_type(session, self.site, name)
                    for name in spec.content_types]
        lst = find(lambda: lists.get_list(session, self.site, spec.url_name, actor=self.actor))
        created = lst is None
        changed = False
        if created:
            try:
                lst = lists.create_list(session, self.site, title=spec.title,
                                        url_name=spec.url_name, description=spec.description,
                                        content_types=site_cts or None,
                                        **({"page_size": spec.page_size} if spec.page_size else {}),
                                        actor=self.actor)
            except ValidationError as exc:
                _raise(exc, spec.path)
        else:
            changed = self._list_content_types(lst, site_cts)
        overrides = {o.name: o for o in spec.column_settings}
        for column in spec.columns:
            changed |= self._list_column(lst, column, overrides.get(column.internal_name))
        own = {c.internal_name for c in spec.columns}
        for override in spec.column_settings:
            if override.name not in own:
                changed |= self._copy(lst, override)
        changes = {"title": spec.title, "description": spec.description}
        if spec.page_size is not None:
            changes["page_size"] = spec.page_size
        if spec.view_fields is not None:
            changes["view_fields"] = spec.view_fields
        changes = {k: v for k, v in changes.items() if getattr(lst, k) != v}
        if changes:
            try:
                lists.update_list(session, lst, **changes, actor=self.actor)
            except ValidationError as exc:
                _raise(exc, spec.path)
        outcome = CREATED if created else UPDATED if changed or changes else UNCHANGED
        self.report.add(outcome, "list", spec.url_name)

    def _list_content_types(self, lst: List, site_cts: list[ContentType]) -> bool:
        """Add the file's content types the list lacks and put them first, in file order."""
        if not site_cts:
            return False
        on_list = {ct.parent_id: ct for ct in content_types.list_content_types(self.session, lst)}
        added = False
        for site_ct in site_cts:
            if site_ct.id not in on_list:
                on_list[site_ct.id] = content_types.add_to_list(self.session, lst, site_ct,
                                                               actor=self.actor)
                added = True
        current = content_types.list_content_types(self.session, lst)
        wanted = [on_list[ct.id] for ct in site_cts]
        ordered = wanted + [ct for ct in current if ct not in wanted]
        if ordered != current:
            content_types.set_list_order(self.session, lst, ordered, actor=self.actor)
            return True
        return added

    def _list_column(self, lst: List, spec: ColumnDefinition, override: ColumnOverride | None) -> bool:
        wanted = self._wanted(spec, lst, override)
        field = seed.list_column(self.session, lst, spec.internal_name)
        if field is not None:
            return self._sync(field, wanted, "list column",
                              f"{lst.url_name}.{spec.internal_name}", spec.path)
        try:
            columns.create_list_column(self.session, lst, internal_name=spec.internal_name,
                                       **wanted, actor=self.actor)
        except ValidationError as exc:
            _raise(exc, spec.path)
        self.report.add(CREATED, "list column", f"{lst.url_name}.{spec.internal_name}")
        return True

    def _copy(self, lst: List, override: ColumnOverride) -> bool:
        """Make a list's copy of a site column match the site column plus the override."""
        field = seed.list_column(self.session, lst, override.name)
        source = self.session.get(Field, field.source_field_id) if field.source_field_id else None
        base = self._current(source if source is not None else field)
        wanted = {k: base[k] for k in _COPY_PROPERTIES}
        wanted.update({k: v for k, v in override.changes.items() if k != "settings"})
        settings = {**base["settings"], **override.changes.get("settings", {})}
        wanted["settings"] = self._checked_settings(field.type_key, settings)
        return self._sync(field, wanted, "list column", f"{lst.url_name}.{override.name}",
                          override.path)

    # items --------------------------------------------------------------------------------
    def seed_task(self, spec: ListSpec) -> SeedTask:
        """The list's seed items it lacks: all for an empty list, the rest after a load that
        stopped part-way, none once seeded or when people's own items fill it."""
        lst = lists.get_list(self.session, self.site, spec.url_name, actor=self.actor)
        present = seed.seeded_count(self.session, lst, [item.values for item in spec.items])
        if present is None:
            present = len(spec.items)
            self.report.warnings.append(
                f"{join(spec.path, 'items')}: the list has items that are not the file's first "
                "ones; no items added")
        for item in spec.items[:present]:
            self.report.add(UNCHANGED, "item", item.path)
        return SeedTask(spec.url_name, spec.items, present)
