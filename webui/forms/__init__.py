"""Forms of the web UI; item forms are generated from content types."""
from .confirm import ConfirmForm
from .item import ItemForm, build_form_class, edit_data, form_key, specs_of

__all__ = ["ConfirmForm", "ItemForm", "build_form_class", "edit_data", "form_key", "specs_of"]
