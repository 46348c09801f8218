"""Built-in content types and the site columns they need, as data.

Every new site is provisioned from these definitions (SharePoint's base content type
hierarchy starts at Item ``0x01``, whose only column is Title). They are plain dictionaries in
the same vocabulary the site-definition loader uses, so the engine can treat a built-in type
exactly like one a site owner defined.
"""
from __future__ import annotations

#: Site columns every site starts with.
BUILTIN_COLUMNS: list[dict] = [
    {"internal_name": "Title", "title": "Title", "type_key": "Text", "required": True,
     "group": "Base Columns", "settings": {"max_length": 255}},
]

#: Content types every site starts with, parents before children.
BUILTIN_CONTENT_TYPES: list[dict] = [
    {"ct_id": "0x01", "name": "Item", "group": "List Content Types",
     "description": "Create a new list item.", "columns": ["Title"]},
]

#: The content type a list gets when it is created without any.
DEFAULT_CONTENT_TYPE = "0x01"
