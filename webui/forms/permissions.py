"""Forms of the permission pages: inheritance, grants, anonymous access, groups, permission
levels and users.

The forms only carry input (and the CSRF token): the engine validates it, and each message
it returns is shown on the field of the same name.
Choices are filled in per request; chosen values are not checked against them here, so a
value that is not offered reaches the engine and is refused there, with its message.
"""
from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as one checkbox per option."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label: str, **kwargs):
        super().__init__(label, validate_choice=False, **kwargs)


class PostForm(FlaskForm):
    """Base of these forms: a post is read as posted even when nothing in it is ticked.

    Flask-WTF treats an empty post as no post and falls back to the defaults (copy the
    parent's permissions, the levels held before), the opposite of what the user chose.
    """

    class Meta:
        def wrap_formdata(self, form: FlaskForm, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if wrapped is None and formdata is not None and form.is_submitted():
                return request.form
            return wrapped


class BreakForm(PostForm):
    copy = BooleanField("Sao chép quyền của cấp trên")
    clear_subscopes = BooleanField("Bỏ quyền riêng của mọi mục trong danh sách")


class GrantForm(PostForm):
    login = StringField("Người dùng (tên đăng nhập)")
    group = SelectField("hoặc nhóm", validate_choice=False)
    levels = CheckboxesField("Mức quyền")


class LevelsForm(PostForm):
    levels = CheckboxesField("Mức quyền")


class SelectionForm(PostForm):
    """Ticked rows of a table (principals to remove, members to take out of a group)."""

    selected = CheckboxesField("Chọn")


class AnonymousForm(PostForm):
    level = SelectField("Khách ẩn danh được", validate_choice=False)


class GroupForm(PostForm):
    name = StringField("Tên nhóm")
    description = StringField("Mô tả")


class MemberForm(PostForm):
    login = StringField("Thêm người dùng (tên đăng nhập)")


class LevelForm(PostForm):
    name = StringField("Tên mức quyền")
    description = StringField("Mô tả")
    permissions = CheckboxesField("Các quyền")


class UserForm(PostForm):
    """A new user; :class:`UserEditForm` leaves out the login, which never changes."""

    login = StringField("Tên đăng nhập")
    display_name = StringField("Tên hiển thị")
    email = StringField("E-mail")
    password = PasswordField("Mật khẩu")
    is_site_admin = BooleanField("Quản trị viên tuyển tập trang")


class UserEditForm(PostForm):
    display_name = StringField("Tên hiển thị")
    email = StringField("E-mail")
    is_active = BooleanField("Đang hoạt động")
    is_site_admin = BooleanField("Quản trị viên tuyển tập trang")
    password = PasswordField("Mật khẩu mới (để trống: giữ nguyên)")
