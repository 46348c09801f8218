"""SharePoint's built-in content types and list templates (``contenttypes/``): they pass the
site-definition loader, keep SharePoint's IDs and names, and make lists."""
from __future__ import annotations

import pytest

import contenttypes
from listengine.errors import AccessDenied, SchemaError, ValidationError
from listengine.services import columns, content_types, items, lists, templates, users
from listengine.sitedef import builtins

BUILTIN_IDS = {"Item": "0x01", "Folder": "0x0120", "Event": "0x0102", "Issue": "0x0103",
               "Announcement": "0x0104", "Link": "0x0105", "Contact": "0x0106",
               "Task": "0x0108"}
#: Template -> (its number, its content type, columns its list must have beyond Title).
TEMPLATES = {
    "Custom List": (100, "Item", []),
    "Links": (103, "Link", ["URL", "Comments"]),
    "Announcements": (104, "Announcement", ["Body", "Expires"]),
    "Contacts": (105, "Contact", ["FirstName", "Email", "Company", "WorkPhone"]),
    "Events": (106, "Event", ["EventDate", "EndDate", "Location", "Description",
                              "fAllDayEvent"]),
    "Tasks": (107, "Task", ["Priority", "Status", "PercentComplete", "AssignedTo", "StartDate",
                            "DueDate", "Body"]),
    "Issue Tracking": (1100, "Issue", ["AssignedTo", "IssueStatus", "Priority", "Comment",
                                       "Category", "DueDate"]),
}


def test_every_builtin_passes_the_site_definition_loader():
    defn = builtins.check_builtins()
    assert [spec.name for spec in defn.content_types] == list(BUILTIN_IDS)
    assert sorted(lst.title for lst in defn.lists) == sorted(
        spec["list"]["title"] for spec in contenttypes.LIST_TEMPLATES)
    assert {column.internal_name for column in defn.columns} == set(contenttypes.COLUMNS)


def test_a_broken_data_file_is_refused_with_the_file_and_key(monkeypatch):
    real = contenttypes.read

    def broken(path):
        document = real(path)
        if path == contenttypes.LIST_TEMPLATES_FILE:
            document["list_templates"][5]["list"]["view_fields"].append("Views")
        return document
    monkeypatch.setattr(contenttypes, "read", broken)
    with pytest.raises(SchemaError) as caught:
        builtins.check_builtins()
    assert caught.value.path == "list_templates.yaml: list_templates[5].list.view_fields[6]"


def test_a_builtin_id_must_extend_its_parents(monkeypatch):
    real = contenttypes.read

    def broken(path):
        document = real(path)
        if path == contenttypes.CONTENT_TYPES_FILE:
            document["content_types"][7]["id"] = "0x0208"   # Task, not under Item
        return document
    monkeypatch.setattr(contenttypes, "read", broken)
    with pytest.raises(SchemaError) as caught:
        builtins.check_builtins()
    assert caught.value.path == "content_types.yaml: content_types[7].id"


def test_ids_and_parent_chain(session, site, editor):
    for name, ct_id in BUILTIN_IDS.items():
        ct = templates.provision_content_type(session, site, name, actor=editor)
        assert ct.ct_id == ct_id
        if name == "Item":
            assert ct.parent is None
        else:
            assert ct.parent.ct_id == "0x01" and content_types.is_ancestor("0x01", ct_id)
    task = content_types.get_content_type(session, site, "Task")
    assert [c.internal_name for c in content_types.effective_columns(session, task)] == [
        "Title", "Priority", "Status", "PercentComplete", "AssignedTo", "Body", "StartDate",
        "DueDate"]


def test_sharepoint_choice_values(session, site, editor):
    templates.provision_content_type(session, site, "Task", actor=editor)
    templates.provision_content_type(session, site, "Issue", actor=editor)
    choices = {name: columns.get_site_column(session, site, name).settings["choices"]
               for name in ("Priority", "Status", "IssueStatus")}
    assert choices == {
        "Priority": ["(1) High", "(2) Normal", "(3) Low"],
        "Status": ["Not Started", "In Progress", "Completed", "Deferred",
                   "Waiting on someone else"],
        "IssueStatus": ["Active", "Resolved", "Closed"]}
    percent = columns.get_site_column(session, site, "PercentComplete")
    assert (percent.type_key, percent.settings["percentage"]) == ("Number", True)


def test_a_new_site_starts_with_item_only(session, site):
    assert [ct.ct_id for ct in content_types.list_site_content_types(session, site)] == ["0x01"]
    assert [f.internal_name for f in columns.list_site_columns(session, site)] == ["Title"]


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_a_list_from_each_template(session, site, editor, template):
    number, ct_name, wanted = TEMPLATES[template]
    lst = templates.create_list_from_template(session, site, template, title="Danh sách",
                                              actor=editor)
    (list_ct,) = content_types.list_content_types(session, lst)
    assert list_ct.parent.ct_id == BUILTIN_IDS[ct_name]
    assert list_ct.ct_id.startswith(BUILTIN_IDS[ct_name] + "00")
    names = [c.internal_name for c in content_types.effective_columns(session, list_ct)]
    assert names[0] == "Title" and set(wanted) <= set(names)
    entry = templates.get_template(number)
    assert entry["name"] == template
    assert lst.view_fields == entry["list"]["view_fields"]


def test_a_task_item_takes_the_defaults(session, site, editor, user):
    lst = templates.create_list_from_template(session, site, "Tasks", title="Việc cần làm",
                                              actor=editor)
    item = items.create_item(session, lst, {"Title": "Viết báo cáo", "AssignedTo": user.id,
                                            "PercentComplete": "50%"}, actor=editor)
    values = items.read_values(session, item)
    assert (values["Priority"], values["Status"]) == ("(2) Normal", "Not Started")
    assert float(values["PercentComplete"]) == 0.5


def test_contacts_title_is_the_last_name_on_the_list_only(session, site, editor):
    lst = templates.create_list_from_template(session, site, "Contacts", title="Danh bạ",
                                              actor=editor)
    assert columns.get_list_column(session, lst, "Title").title == "Last Name"
    assert columns.get_site_column(session, site, "Title").title == "Title"


@pytest.mark.parametrize("title, url_name", [
    ("Việc cần làm", "viec-can-lam"),
    ("Đường dây nóng", "duong-day-nong"),
    ("  Thông báo -- Mới!  ", "thong-bao-moi"),
    ("Tasks 2024", "tasks-2024"),
    ("Ưu tiên ở đây", "uu-tien-o-day"),
    ("日本", ""),
])
def test_url_name_from_the_title(title, url_name):
    assert templates.url_name_for(title) == url_name


def test_url_name_is_derived_and_made_unique(session, site, editor):
    first = templates.create_list_from_template(session, site, "Tasks", title="Việc cần làm",
                                                actor=editor)
    second = templates.create_list_from_template(session, site, "Tasks", title="Viec can lam",
                                                 actor=editor)
    other = templates.create_list_from_template(session, site, "Links", title="日本",
                                                actor=editor)
    given = templates.create_list_from_template(session, site, 107, title="Khác",
                                                url_name="cong-viec", actor=editor)
    assert [first.url_name, second.url_name, other.url_name, given.url_name] == [
        "viec-can-lam", "viec-can-lam-2", "links", "cong-viec"]
    # the second list reused the Task content type the first provisioned
    assert [ct.name for ct in content_types.list_site_content_types(session, site)].count(
        "Task") == 1


def test_bad_template_is_a_field_error_and_writes_nothing(session, site, editor):
    before = len(lists.list_lists(session, site, actor=editor))
    with pytest.raises(ValidationError) as caught:
        templates.create_list_from_template(session, site, "Taskz", title="", actor=editor)
    assert set(caught.value.errors) == {"template", "title"}
    assert "Unknown list template 'Taskz'" in caught.value.errors["template"]
    assert len(lists.list_lists(session, site, actor=editor)) == before


def test_a_site_column_of_another_type_is_refused_and_nothing_is_left(session, site, editor):
    columns.create_site_column(session, site, internal_name="Category", title="Phân loại",
                               type_key="Text", actor=editor)
    with pytest.raises(ValidationError) as caught:
        templates.create_list_from_template(session, site, "Issue Tracking", title="Sự cố",
                                            actor=editor)
    assert "'Category' is a Text column" in caught.value.errors["template"]
    assert [ct.name for ct in content_types.list_site_content_types(session, site)] == ["Item"]
    assert not lists.list_lists(session, site, actor=editor)


def test_a_site_column_of_the_same_type_is_used_as_it_is(session, site, editor):
    body = columns.create_site_column(session, site, internal_name="Body", title="Nội dung",
                                      type_key="Note", actor=editor)
    lst = templates.create_list_from_template(session, site, "Announcements",
                                              title="Thông báo", actor=editor)
    assert columns.get_list_column(session, lst, "Body").source_field_id == body.id
    assert columns.get_site_column(session, site, "Body").title == "Nội dung"


def test_a_visitor_may_not_create_a_list(session, site, member, system):
    visitor = member(users.create_user(session, login="khach", display_name="Khách",
                                       actor=system), "Visitors")
    with pytest.raises(AccessDenied):
        templates.create_list_from_template(session, site, "Tasks", title="Việc", actor=visitor)


def test_a_content_type_named_like_a_builtin_but_not_it_is_refused(session, site, editor):
    content_types.create_content_type(session, site, name="Task", parent="Item", actor=editor)
    with pytest.raises(ValidationError) as caught:
        templates.create_list_from_template(session, site, "Tasks", title="Việc", actor=editor)
    assert "A content type named 'Task' already exists." in caught.value.errors["template"]
