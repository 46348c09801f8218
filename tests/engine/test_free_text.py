"""Every free-text input of the engine refuses NUL and other control characters and has a
length limit, with a field-level error naming it; a refusal writes nothing. (Found: NUL bytes
and control characters were stored in titles, summaries and group names, 1 MB group
descriptions were accepted.)"""
from __future__ import annotations

import pytest

from listengine.errors import ValidationError
from listengine.services import columns, content_types, groups, levels, lists, sites

MEGABYTE = "x" * 1_000_000
BAD_LINES = ["Tin\x00tức", "Tin\x07tức", "Tin\x1btức", "Tin\ttức", "Tin\ntức", "Tin\x7ftức"]


def refused(call, field: str) -> str:
    with pytest.raises(ValidationError) as exc:
        call()
    assert field in exc.value.errors, exc.value.errors
    return exc.value.errors[field]


@pytest.mark.parametrize("title", BAD_LINES)
def test_titles_and_names_are_single_clean_lines(session, site, system, title):
    refused(lambda: lists.create_list(session, site, title=title, url_name="x", actor=system),
            "title")
    refused(lambda: sites.create_site(session, actor=system, slug="khac", title=title), "title")
    refused(lambda: groups.create_group(session, site, actor=system, name=title), "name")
    refused(lambda: levels.create_level(session, site, actor=system, name=title,
                                        permissions=["ViewListItems"]), "name")
    refused(lambda: content_types.create_content_type(session, site, actor=system, name=title,
                                                     parent="Item"), "name")
    refused(lambda: columns.create_site_column(session, site, actor=system, internal_name="C",
                                               title=title, type_key="Text"), "title")


def test_descriptions_keep_lines_and_tabs_but_refuse_nul(session, site, system):
    lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=system,
                            description="Dòng một\r\n\tDòng hai")
    assert lst.description == "Dòng một\n\tDòng hai"
    message = refused(lambda: lists.update_list(session, lst, actor=system,
                                                description="a\x00b"), "description")
    assert "control characters" in message
    assert lst.description == "Dòng một\n\tDòng hai"


@pytest.mark.parametrize("make", [
    lambda s, site, a: groups.create_group(s, site, actor=a, name="G", description=MEGABYTE),
    lambda s, site, a: groups.update_group(s, groups.default_group(s, site, "Members"),
                                           actor=a, description=MEGABYTE),
    lambda s, site, a: levels.create_level(s, site, actor=a, name="L", description=MEGABYTE,
                                           permissions=["ViewListItems"]),
    lambda s, site, a: lists.create_list(s, site, title="T", url_name="t", actor=a,
                                         description=MEGABYTE),
    lambda s, site, a: sites.update_site(s, site, actor=a, description=MEGABYTE),
    lambda s, site, a: content_types.create_content_type(s, site, actor=a, name="CT",
                                                        parent="Item", description=MEGABYTE),
    lambda s, site, a: columns.create_site_column(s, site, actor=a, internal_name="C",
                                                  title="C", type_key="Text",
                                                  description=MEGABYTE),
], ids=["group", "group-update", "level", "list", "site", "content-type", "column"])
def test_descriptions_have_a_limit_that_the_error_names(session, site, system, make):
    message = refused(lambda: make(session, site, system), "description")
    assert "at most" in message and "1000000" in message


def test_a_refused_update_changes_nothing(session, site, system):
    group = groups.create_group(session, site, actor=system, name="Biên tập")
    with pytest.raises(ValidationError) as exc:
        groups.update_group(session, group, actor=system, name="Mới", description="\x00")
    assert set(exc.value.errors) == {"description"}
    assert (group.name, group.description) == ("Biên tập", "")
    ct = content_types.create_content_type(session, site, actor=system, name="Bài",
                                          parent="Item")
    with pytest.raises(ValidationError) as exc:
        content_types.update_content_type(session, ct, actor=system, name="Mới\x00",
                                         group="g" * 129)
    assert set(exc.value.errors) == {"name", "group"}
    assert (ct.name, ct.group_name) == ("Bài", "")
