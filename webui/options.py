"""Options of select fields that come from the database, loaded through the services."""
from __future__ import annotations

from sqlalchemy.orm import Session

from listengine.models import List, Site
from listengine.services import columns, links, users

from .actor import current_actor
from .fieldwidgets import ColumnSpec, OptionSource


class ServiceOptions(OptionSource):
    """Options for the forms of one list, read with the request's session."""

    def __init__(self, session: Session, site: Site, lst: List):
        self.session, self.site, self.list = session, site, lst

    def lookup_choices(self, spec: ColumnSpec) -> list[tuple[str, str]]:
        """The target list's items as (item_no, shown text), sorted by that text."""
        field = columns.get_list_column(self.session, self.list, spec.internal_name)
        options = links.lookup_options(self.session, field, actor=current_actor(),
                                       time_zone=self.site.time_zone)
        return [(str(no), text) for no, text in options]

    def user_choices(self) -> list[tuple[str, str]]:
        return [(str(user.id), user.display_name) for user in users.list_users(self.session)]
