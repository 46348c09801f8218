"""The engine's tables. Import models from here."""
from .base import Base, JsonDocument, utcnow
from .lists import FIRST_UI_VERSION, Item, ItemCounter, ItemLink, ItemUniqueValue, List, StoredFile
from .schema import ContentType, Field, FieldLink
from .security import GroupMember, RoleAssignment, RoleDefinition, SecurityScope, SiteGroup
from .site import DEFAULT_TIME_ZONE, Site, User

__all__ = [
    "Base", "JsonDocument", "utcnow", "FIRST_UI_VERSION", "Item", "ItemCounter", "ItemLink",
    "ItemUniqueValue", "List", "StoredFile", "ContentType", "Field", "FieldLink",
    "DEFAULT_TIME_ZONE", "Site", "User", "GroupMember", "RoleAssignment", "RoleDefinition",
    "SecurityScope", "SiteGroup",
]
