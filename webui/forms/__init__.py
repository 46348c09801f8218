"""Forms of the web UI; item forms are generated from content types."""
from .confirm import ConfirmForm
from .item import ItemForm, build_form_class, edit_data, form_key, specs_of
from .permissions import (AnonymousForm, BreakForm, GrantForm, GroupForm, LevelForm, LevelsForm,
                          MemberForm, PostForm, SelectionForm, UserEditForm, UserForm)

__all__ = ["ConfirmForm", "ItemForm", "build_form_class", "edit_data", "form_key", "specs_of",
           "AnonymousForm", "BreakForm", "GrantForm", "GroupForm", "LevelForm", "LevelsForm",
           "MemberForm", "PostForm", "SelectionForm", "UserEditForm", "UserForm"]
