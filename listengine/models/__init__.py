"""The engine's tables. Import models from here."""
from .base import MAX_ID, MAX_INTEGER, Base, JsonDocument, utcnow
from .lists import FIRST_UI_VERSION, Item, ItemCounter, ItemLink, ItemUniqueValue, List, StoredFile
from .schema import ContentType, Field, FieldLink
from .security import GroupMember, RoleAssignment, RoleDefinition, SecurityScope, SiteGroup
from .site import DEFAULT_TIME_ZONE, Site, User
from .throttle import SignInThrottle

__all__ = [
    "MAX_ID", "MAX_INTEGER", "Base", "JsonDocument", "utcnow", "FIRST_UI_VERSION", "Item",
    "ItemCounter", "ItemLink", "ItemUniqueValue", "List", "StoredFile", "ContentType", "Field", "FieldLink",
    "DEFAULT_TIME_ZONE", "Site", "User", "GroupMember", "RoleAssignment", "RoleDefinition",
    "SecurityScope", "SiteGroup", "SignInThrottle",
]
