"""Per-content-type display templates: the longest content type ID prefix with a template
wins, so a type without its own (Task, today) renders with the generic display form."""
from __future__ import annotations

import contenttypes
from listengine.services import items, templates

STEMS = frozenset({"0x01", "0x0108", "0x010800AB"})


def test_the_longest_matching_prefix_wins():
    assert contenttypes.display_template("0x010800AB12", STEMS) == "0x010800AB.html"
    assert contenttypes.display_template("0x010800CD12", STEMS) == "0x0108.html"
    assert contenttypes.display_template("0x0108", STEMS) == "0x0108.html"
    assert contenttypes.display_template("0x0102", STEMS) == "0x01.html"
    assert contenttypes.display_template("0x0100", STEMS) == "0x01.html"
    assert contenttypes.display_template("0x", STEMS) == "0x01.html"  # System: the generic


def test_the_shipped_generic_form_is_found_and_is_the_fallback():
    assert "0x01" in contenttypes.DISPLAY_TEMPLATES
    assert contenttypes.display_template("0x") == contenttypes.GENERIC_DISPLAY_TEMPLATE


def test_a_task_item_renders_with_the_generic_form(client, session, site, user, editor,
                                                   monkeypatch):
    lst = templates.create_list_from_template(session, site, "Tasks", title="Việc cần làm",
                                              actor=editor)
    items.create_item(session, lst, {"Title": "Viết báo cáo", "Status": "In Progress",
                                     "PercentComplete": "0.25", "AssignedTo": user.id},
                      actor=editor)
    asked = []
    resolve = contenttypes.display_template
    monkeypatch.setattr(contenttypes, "display_template",
                        lambda ct_id: asked.append(ct_id) or resolve(ct_id))

    response = client.get("/sites/test/lists/viec-can-lam/items/1")
    assert response.status_code == 200
    assert len(asked) == 1 and asked[0].startswith("0x010800")
    text = response.text
    assert '<table class="display-form">' in text
    order = [text.index(f'<th scope="row">{title}</th>') for title in (
        "Title", "Priority", "Task Status", "% Complete", "Assigned To", "Body", "Start Date",
        "Due Date")]
    assert order == sorted(order)
    assert "In Progress" in text and "(2) Normal" in text and "25" in text
    assert user.display_name in text
    assert "Content Type: Task" in text
