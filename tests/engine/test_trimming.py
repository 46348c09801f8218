"""Security trimming: what a reader is shown of lists, items, lookups and files is only what
they may read - items with unique permissions included or left out per reader, and counts and
totals trimmed with them."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from listengine.errors import AccessDenied, NotFound, ValidationError
from listengine.fields import Upload, registry
from listengine.models import List, User
from listengine.services import (access, columns, content_types, display, files, items, levels,
                                 links, lists, sharing, users)


@dataclass
class World:
    news: List
    other: List
    sources: List
    visitor: User
    member: User
    outsider: User


@pytest.fixture
def world(session, site, system, member, blobs) -> World:
    """"Tin" holds four items: 1 and 4 inherit, 2 is unique with nobody assigned, 3 is unique
    and shared with the visitor and the outsider only. "Khác" is an ordinary list; "Bài" looks
    up "Tin" and has one item pointing at each of 1, 2 and 3."""
    people = {}
    for login, suffix in (("visitor", "Visitors"), ("member", "Members"), ("outsider", None)):
        people[login] = users.create_user(session, actor=system, login=login,
                                          display_name=login.title())
        if suffix:
            member(people[login], suffix)
    news = lists.create_list(session, site, title="Tin", url_name="tin", actor=system)
    columns.create_list_column(session, news, internal_name="Picture", title="Hình ảnh",
                               type_key="Image", actor=system)
    for title in ("Công khai", "Bí mật", "Chia sẻ", "Mới nhất"):
        items.create_item(session, news, {"Title": title, "Picture": Upload(
            f"{title}.png", "image/png", b"\x89PNG" + title.encode())}, actor=system, files=blobs)
    hidden, shared = (items.get_item(session, news, n, actor=system) for n in (2, 3))
    sharing.break_inheritance(session, hidden, actor=system, copy=False)
    sharing.break_inheritance(session, shared, actor=system, copy=False)
    read = levels.get_level(session, site, "Read")
    for person in (people["visitor"], people["outsider"]):
        sharing.grant(session, shared, person, read, actor=system)
    other = lists.create_list(session, site, title="Khác", url_name="khac", actor=system)
    items.create_item(session, other, {"Title": "Khác 1"}, actor=system)
    sources = lists.create_list(session, site, title="Bài", url_name="bai", actor=system)
    columns.create_list_column(session, sources, internal_name="Ref", title="Tin",
                               type_key="Lookup", settings={"target_list": news.id},
                               actor=system)
    columns.create_list_column(session, sources, internal_name="Refs", title="Các tin",
                               type_key="LookupMulti", settings={"target_list": news.id},
                               actor=system)
    for target in (1, 2, 3):
        items.create_item(session, sources, {"Title": f"Bài {target}", "Ref": target,
                                             "Refs": [1, 2, 3]}, actor=system)
    return World(news, other, sources, **people)


def actor(session, person: User | None) -> access.Actor:
    return access.anonymous() if person is None else access.actor_for(session, person)


def item_nos(page) -> list[int]:
    return [item.item_no for item in page.items]


@pytest.mark.parametrize("who, expected", [
    ("system", [4, 3, 2, 1]), ("visitor", [4, 3, 1]), ("member", [4, 1]), ("outsider", [3]),
    ("anonymous", [])])
def test_a_page_holds_only_what_the_reader_may_read(session, system, world, who, expected):
    reader = system if who == "system" else actor(session, getattr(world, who, None))
    page = items.page(session, world.news, actor=reader)
    assert (item_nos(page), page.total) == (expected, len(expected))


def test_totals_and_pages_are_trimmed_too(session, world):
    visitor = actor(session, world.visitor)
    pages = [items.page(session, world.news, actor=visitor, page=n, page_size=1)
             for n in (1, 2, 3, 4)]
    assert [item_nos(p) for p in pages] == [[4], [3], [1], []]
    assert {(p.total, p.pages) for p in pages} == {(3, 3)}
    member = items.page(session, world.news, actor=actor(session, world.member), page_size=1)
    assert (member.total, member.pages) == (2, 2)


def test_anonymous_read_on_the_site_does_not_reach_unique_items(session, site, system, world):
    sharing.set_anonymous_access(session, site, levels.get_level(session, site, "Read"),
                                 actor=system)
    page = items.page(session, world.news, actor=access.anonymous())
    assert (item_nos(page), page.total) == ([4, 1], 2)
    shared = items.get_item(session, world.news, 3, actor=system)
    sharing.set_anonymous_access(session, shared, levels.get_level(session, site, "Read"),
                                 actor=system)
    page = items.page(session, world.news, actor=access.anonymous())
    assert (item_nos(page), page.total) == ([4, 3, 1], 3)


@pytest.mark.parametrize("who", ["visitor", "member", "outsider"])
def test_an_item_is_found_only_by_who_may_read_it(session, world, who):
    reader = actor(session, getattr(world, who))
    visible = set(item_nos(items.page(session, world.news, actor=reader)))
    for item_no in (1, 2, 3, 4):
        if item_no in visible:
            assert items.get_item(session, world.news, item_no, actor=reader).item_no == item_no
            assert items.get_item_at(session, "test", "tin", item_no, actor=reader)
        else:
            with pytest.raises(NotFound):
                items.get_item(session, world.news, item_no, actor=reader)
            with pytest.raises(NotFound):
                items.get_item_at(session, "test", "tin", item_no, actor=reader)


def test_a_hidden_item_is_not_found_in_the_same_words_as_a_missing_one(session, world):
    member = actor(session, world.member)
    messages = []
    for item_no in (2, 99):
        with pytest.raises(NotFound) as error:
            items.get_item_at(session, "test", "tin", item_no, actor=member)
        messages.append(str(error.value).replace(str(item_no), "N"))
    assert messages[0] == messages[1]


def test_one_shared_item_opens_its_list_and_nothing_else(session, site, world):
    outsider = actor(session, world.outsider)
    assert access.can_open_list(session, outsider, world.news)
    assert not access.can_open_list(session, outsider, world.other)
    assert lists.get_list(session, site, "tin", actor=outsider).id == world.news.id
    for url_name in ("khac", "bai"):
        with pytest.raises(NotFound):
            lists.get_list(session, site, url_name, actor=outsider)
    assert [lst.url_name for lst in lists.list_lists(session, site, actor=outsider)] == ["tin"]
    page = items.page(session, world.news, actor=outsider)
    assert (item_nos(page), page.total) == ([3], 1)
    with pytest.raises(AccessDenied):  # seeing one item is no right to add to the list
        items.create_item(session, world.news, {"Title": "x"}, actor=outsider)


def test_a_list_of_hidden_items_only_is_not_listed(session, site, system, world):
    private = lists.create_list(session, site, title="Riêng", url_name="rieng", actor=system)
    sharing.break_inheritance(session, private, actor=system, copy=False)
    items.create_item(session, private, {"Title": "x"}, actor=system)
    member = actor(session, world.member)
    assert [lst.url_name for lst in lists.list_lists(session, site, actor=member)] == [
        "bai", "khac", "tin"]
    assert not access.can_open_list(session, member, private)
    assert [lst.url_name for lst in lists.list_lists(session, site, actor=system)] == [
        "bai", "khac", "rieng", "tin"]


def test_item_counts_are_trimmed(session, site, system, world):
    counts = {who: lists.item_counts(session, site, actor=reader) for who, reader in (
        ("system", system), ("visitor", actor(session, world.visitor)),
        ("member", actor(session, world.member)), ("outsider", actor(session, world.outsider)),
        ("anonymous", access.anonymous()))}
    ids = world.news.id, world.other.id, world.sources.id
    assert counts["system"] == dict(zip(ids, (4, 1, 3)))
    assert counts["visitor"] == dict(zip(ids, (3, 1, 3)))
    assert counts["member"] == dict(zip(ids, (2, 1, 3)))
    assert counts["outsider"] == {world.news.id: 1}
    assert counts["anonymous"] == {}


def test_item_counts_follow_a_lists_unique_permissions(session, site, system, world):
    sharing.break_inheritance(session, world.other, actor=system, copy=False)
    member = actor(session, world.member)
    assert world.other.id not in lists.item_counts(session, site, actor=member)
    sharing.grant(session, world.other, world.member,
                  levels.get_level(session, site, "View Only"), actor=system)
    assert lists.item_counts(session, site, actor=actor(session, world.member))[
        world.other.id] == 1


@pytest.mark.parametrize("who, expected", [
    ("system", ["Bí mật", "Chia sẻ", "Công khai", "Mới nhất"]),
    ("visitor", ["Chia sẻ", "Công khai", "Mới nhất"]),
    ("member", ["Công khai", "Mới nhất"]), ("outsider", ["Chia sẻ"]), ("anonymous", [])])
def test_lookup_options_offer_only_readable_targets(session, system, world, who, expected):
    reader = system if who == "system" else actor(session, getattr(world, who, None))
    for name in ("Ref", "Refs"):
        field = columns.get_list_column(session, world.sources, name)
        assert [text for _, text in links.lookup_options(session, field, actor=reader)] == \
            expected


def resolved(session, site, world, reader) -> dict[str, list[str]]:
    """What each lookup of "Bài" shows the reader: the names of the targets they may read."""
    ct = content_types.list_content_types(session, world.sources)[0]
    cols = [c for c in content_types.effective_columns(session, ct)
            if c.internal_name in ("Ref", "Refs")]
    rows = items.values_of(session, items.page(session, world.sources,
                                               actor=users.system_actor(session)).items, cols)
    ctx = display.display_context(session, site, cols, rows, actor=reader)
    shown = {}
    for column in cols:
        field_type = registry.get(column.field.type_key)
        refs = [ref for row in rows for ref in field_type.refs(column.field,
                                                                row[column.internal_name])]
        shown[column.internal_name] = sorted({ctx.name_of(ref) for ref in ctx.shown(refs)})
    return shown


@pytest.mark.parametrize("who, expected", [
    ("system", ["Bí mật", "Chia sẻ", "Công khai"]), ("visitor", ["Chia sẻ", "Công khai"]),
    ("member", ["Công khai"]), ("outsider", ["Chia sẻ"]), ("anonymous", [])])
def test_display_leaves_unreadable_lookup_targets_unresolved(session, site, system, world, who,
                                                             expected):
    reader = system if who == "system" else actor(session, getattr(world, who, None))
    assert resolved(session, site, world, reader) == {"Ref": expected, "Refs": expected}


@pytest.mark.parametrize("who, readable", [
    ("visitor", {1, 3, 4}), ("member", {1, 4}), ("outsider", {3}), ("anonymous", set())])
def test_files_of_unreadable_items_are_not_found(session, system, world, who, readable):
    reader = actor(session, getattr(world, who, None))
    for item_no in (1, 2, 3, 4):
        item = items.get_item(session, world.news, item_no, actor=system)
        if item_no in readable:
            assert files.item_file(session, item, "Picture", actor=reader).filename.endswith(
                ".png")
        else:
            with pytest.raises(NotFound):
                files.item_file(session, item, "Picture", actor=reader)


def test_view_only_on_a_unique_item_sees_it_but_not_its_file(session, site, system, world):
    item = items.get_item(session, world.news, 2, actor=system)
    sharing.grant(session, item, world.member, levels.get_level(session, site, "View Only"),
                  actor=system)
    member = actor(session, world.member)
    assert items.get_item(session, world.news, 2, actor=member).id == item.id
    with pytest.raises(AccessDenied):
        files.item_file(session, item, "Picture", actor=member)


def test_a_lookup_to_an_unreadable_item_is_refused_like_a_missing_one(session, world):
    """Linking to a hidden item would reveal that it exists (a missing one is refused)."""
    member = actor(session, world.member)
    with pytest.raises(ValidationError) as missing:
        items.create_item(session, world.sources, {"Title": "x", "Ref": 99}, actor=member)
    before = items.page(session, world.sources, actor=member).total
    with pytest.raises(ValidationError) as hidden:
        items.create_item(session, world.sources, {"Title": "x", "Ref": 2}, actor=member)
    assert hidden.value.errors["Ref"] == missing.value.errors["Ref"].replace("99", "2")
    assert items.page(session, world.sources, actor=member).total == before


@pytest.fixture
def guarded(session, site, system, world):
    """"Tin" item 1 is looked up by item 2 of "Nguồn", which the member may not see; the
    lookup restricts or cascades deletes."""
    def make(behavior: str) -> List:
        lst = lists.create_list(session, site, title="Nguồn", url_name="nguon", actor=system)
        columns.create_list_column(session, lst, internal_name="Ref", title="Tin",
                                   type_key="Lookup", actor=system, settings={
                                       "target_list": world.news.id, "delete_behavior": behavior})
        items.create_item(session, lst, {"Title": "Thấy được"}, actor=system)
        hidden = items.create_item(session, lst, {"Title": "Ẩn", "Ref": 1}, actor=system)
        sharing.break_inheritance(session, hidden, actor=system, copy=False)
        return lst
    return make


def test_a_restricting_lookup_does_not_name_an_item_the_reader_cannot_see(session, world,
                                                                          guarded):
    """The refusal must not reveal which hidden item holds the lookup."""
    guarded("restrict")
    member = actor(session, world.member)
    target = items.get_item(session, world.news, 1, actor=member)
    with pytest.raises(ValidationError) as error:
        items.delete_item(session, target, actor=member)
    message = " ".join(error.value.errors.values())
    assert "item 2" not in message and "Nguồn" not in message


def test_a_cascade_that_reaches_an_unreadable_item_is_denied_not_missing(session, system, world,
                                                                        guarded):
    """The item being deleted is visible: refusing its cascade is "forbidden", and
    nothing is deleted."""
    sources = guarded("cascade")
    member = actor(session, world.member)
    target = items.get_item(session, world.news, 1, actor=member)
    with pytest.raises(AccessDenied):
        items.delete_item(session, target, actor=member)
    assert items.page(session, world.news, actor=system).total == 4
    assert items.page(session, sources, actor=system).total == 2
