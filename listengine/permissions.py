"""SharePoint's base permissions and permission levels, as data.

The flags carry SharePoint's real bit values (``SPBasePermissions``, a 64-bit mask), so a
mask read from here means the same as one read from a SharePoint REST response. A permission
level (a *role definition*) is a named mask; the built-in ones are composed here exactly as
SharePoint's permission level pages list them, and a custom level is any mask closed over
:data:`DEPENDENCIES` (choosing "Approve Items" brings "Edit Items" with it, as in the UI).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag


class Permission(IntFlag):
    """``SPBasePermissions``: one bit per right (bit = PermissionKind - 1)."""

    ViewListItems = 0x1
    AddListItems = 0x2
    EditListItems = 0x4
    DeleteListItems = 0x8
    ApproveItems = 0x10
    OpenItems = 0x20
    ViewVersions = 0x40
    DeleteVersions = 0x80
    CancelCheckout = 0x100
    ManagePersonalViews = 0x200
    ManageLists = 0x800
    ViewFormPages = 0x1000
    AnonymousSearchAccessList = 0x2000
    Open = 0x10000
    ViewPages = 0x20000
    AddAndCustomizePages = 0x40000
    ApplyThemeAndBorder = 0x80000
    ApplyStyleSheets = 0x100000
    ViewUsageData = 0x200000
    CreateSSCSite = 0x400000
    ManageSubwebs = 0x800000
    CreateGroups = 0x1000000
    ManagePermissions = 0x2000000
    BrowseDirectories = 0x4000000
    BrowseUserInfo = 0x8000000
    AddDelPrivateWebParts = 0x10000000
    UpdatePersonalWebParts = 0x20000000
    ManageWeb = 0x40000000
    AnonymousSearchAccessWebLists = 0x80000000
    UseClientIntegration = 0x1000000000
    UseRemoteAPIs = 0x2000000000
    ManageAlerts = 0x4000000000
    CreateAlerts = 0x8000000000
    EditMyUserInfo = 0x10000000000
    EnumeratePermissions = 0x4000000000000000


P = Permission
#: Every right: Full Control and site collection administrators.
FULL_MASK = 0x7FFFFFFFFFFFFFFF
#: The bits that name a right; a custom level may hold no other.
ALL_RIGHTS = sum(Permission)

#: What each right needs (SharePoint's permission level page selects these along with it).
DEPENDENCIES: dict[Permission, Permission] = {
    P.ViewPages: P.Open,
    P.ViewListItems: P.ViewPages | P.Open,
    P.AddListItems: P.ViewListItems,
    P.EditListItems: P.ViewListItems,
    P.DeleteListItems: P.ViewListItems,
    P.OpenItems: P.ViewListItems,
    P.ViewVersions: P.ViewListItems,
    P.CancelCheckout: P.ViewListItems,
    P.CreateAlerts: P.ViewListItems,
    P.ManagePersonalViews: P.ViewListItems,
    P.ApproveItems: P.EditListItems,
    P.DeleteVersions: P.ViewVersions,
    P.ManageLists: P.ViewListItems | P.ManagePersonalViews,
    P.ManagePermissions: (P.ViewListItems | P.OpenItems | P.ViewVersions | P.BrowseDirectories
                          | P.EnumeratePermissions | P.BrowseUserInfo),
    P.UseClientIntegration: P.UseRemoteAPIs,
}


def with_dependencies(mask: int) -> int:
    """``mask`` plus everything its rights need, transitively."""
    closed = mask
    while True:
        grown = closed
        for right, needs in DEPENDENCIES.items():
            if closed & right:
                grown |= needs
        if grown == closed:
            return closed
        closed = grown


def names_of(mask: int) -> list[str]:
    """The names of the rights in ``mask``, in bit order."""
    return [p.name for p in Permission if mask & p]


def parse_names(names: list[str]) -> int:
    """A mask from right names; unknown names raise ``KeyError`` naming them."""
    unknown = [n for n in names if n not in Permission.__members__]
    if unknown:
        raise KeyError(", ".join(unknown))
    mask = 0
    for name in names:
        mask |= Permission[name]
    return mask


_READ = (P.Open | P.ViewPages | P.ViewListItems | P.OpenItems | P.ViewVersions | P.ViewFormPages
         | P.BrowseUserInfo | P.CreateAlerts | P.CreateSSCSite | P.UseRemoteAPIs
         | P.UseClientIntegration)
_CONTRIBUTE = (_READ | P.AddListItems | P.EditListItems | P.DeleteListItems | P.DeleteVersions
               | P.BrowseDirectories | P.EditMyUserInfo | P.ManagePersonalViews
               | P.AddDelPrivateWebParts | P.UpdatePersonalWebParts)
_EDIT = _CONTRIBUTE | P.ManageLists


@dataclass(frozen=True)
class Level:
    """A built-in permission level; ``editable`` is false for Full Control, as in SharePoint."""

    name: str
    mask: int
    description: str
    editable: bool = True


#: The levels every new site gets, in SharePoint's order.
BUILTIN_LEVELS: tuple[Level, ...] = (
    Level("Full Control", FULL_MASK, "Has full control.", editable=False),
    Level("Design", _EDIT | P.ApproveItems | P.CancelCheckout | P.AddAndCustomizePages
          | P.ApplyThemeAndBorder | P.ApplyStyleSheets,
          "Can view, add, update, delete, approve, and customize."),
    Level("Edit", _EDIT, "Can add, edit and delete lists; can view, add, update and delete list "
                         "items and documents."),
    Level("Contribute", _CONTRIBUTE, "Can view, add, update, and delete list items and documents."),
    Level("Read", _READ, "Can view pages and list items and download documents."),
    Level("View Only", _READ & ~P.OpenItems,
          "Can view pages, list items, and documents, but not download files."),
    Level("Approve", _CONTRIBUTE | P.ApproveItems | P.CancelCheckout,
          "Can edit and approve pages, list items, and documents."),
)

#: The most anonymous users may ever be given (SharePoint allows no more than Read).
ANONYMOUS_LIMIT = _READ

#: The default groups of a new site: (name suffix, level), as on a SharePoint team site.
DEFAULT_GROUPS: tuple[tuple[str, str], ...] = (
    ("Owners", "Full Control"), ("Members", "Edit"), ("Visitors", "Read"))
