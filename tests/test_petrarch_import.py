"""Importing PETRARCH/TABARI dictionaries: actors, agents, verbs and discards."""

from __future__ import annotations

import pytest

from kronika.knowledge.actors import ActorDictionary, Agents
from kronika.knowledge.petrarch import (
    Problem,
    file_kind,
    import_file,
    read_actors,
    read_agents,
    read_discards,
)
from kronika.knowledge.petrarch_verbs import read_verbs
from kronika.knowledge.tables import DictionaryError

ACTORS = """<!-- A TEST DICTIONARY -->
<!--
# a comment block
-->
GONDOR [GON]
+GONDORIAN
MINAS_TIRITH  [GON] # the capital
<! -- A COMMENT IN THE OLD STYLE -->
DENETHOR  # steward
+LORD_DENETHOR
\t[GONGOV < 950601]
\t[GONELI 19950601 - 19990815]
\t[GONREB > 990816]
ORC_ARMY [mormil]
"""

AGENTS = """!PERSON! = MAN, MEN, WOMAN
FOREIGN_MINISTER [~GOV] # note
ARMED_FORCES {} [~MIL]
BORDER_!PERSON! [~COP]
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_actors_synonyms_and_dates(tmp_path):
    entries = read_actors(write(tmp_path, "actors.txt", ACTORS))
    by_name = {e.names[0]: e for e in entries}

    def codes(name):
        return [(c.code, c.start, c.end) for c in by_name[name].codes]

    assert by_name["GONDOR"].names == ["GONDOR", "GONDORIAN"]
    assert codes("MINAS TIRITH") == [("GON", "", "")]
    assert codes("ORC ARMY") == [("MORMIL", "", "")]
    assert by_name["DENETHOR"].names == ["DENETHOR", "LORD DENETHOR"]
    # PETRARCH's documentation: the limits of a restriction are "or equal to"
    assert codes("DENETHOR") == [
        ("GONGOV", "", "1995-06-01"),
        ("GONELI", "1995-06-01", "1999-08-15"),
        ("GONREB", "1999-08-16", ""),
    ]
    assert by_name["DENETHOR"].codes[0].line == 11


def test_imported_actors_load_and_resolve_by_date(tmp_path):
    kind, out, rows = import_file(write(tmp_path, "actors.txt", ACTORS), tmp_path / "out")
    assert kind == "actors" and rows == 6
    dictionary = ActorDictionary()
    dictionary.load(out)
    assert dictionary.lookup("Lord Denethor", "1994-01-01").code == "GONGOV"
    assert dictionary.lookup("Lord Denethor", "1994-01-01").source == "actors.txt:11"
    assert dictionary.lookup("Denethor", "1997-01-01").code == "GONELI"
    assert dictionary.lookup("Denethor", "2001-01-01").code == "GONREB"
    assert dictionary.lookup("Gondorian").code == "GON"


def test_read_agents_expands_macros(tmp_path):
    agents = read_agents(write(tmp_path, "agents.txt", AGENTS))
    pairs = {(a.phrase, a.code) for a in agents}
    assert ("foreign minister", "GOV") in pairs
    assert ("armed forces", "MIL") in pairs
    assert {("border man", "COP"), ("border men", "COP"), ("border woman", "COP")} <= pairs


def test_imported_agents_load(tmp_path):
    kind, out, rows = import_file(write(tmp_path, "agents.txt", AGENTS), tmp_path / "out")
    assert kind == "agents" and rows == 5
    loaded = Agents()
    loaded.load(out)
    assert loaded.match(["border", "woman"]).sector == "COP"


def test_end_to_end_with_imported_dictionary(tmp_path):
    from kronika.pipeline import Extractor
    from kronika.records import Document

    import_file(write(tmp_path, "actors.txt", ACTORS), tmp_path / "dicts")
    extractor = Extractor(dictionaries=[tmp_path / "dicts"])
    extraction = extractor.extract(Document(text="Denethor attacked Gondor.", date="2001-05-05"))
    codes = {a.text: a.code for a in extraction.actors}
    assert codes["Denethor"] == "GONREB"
    assert any(e.source.code == "GONREB" and e.cameo.startswith("19") for e in extraction.events)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("+ORPHAN\nGOOD [ABC]\n", "a '+' synonym before any actor name"),
        ("NOCODE\nGOOD [ABC]\n", "actor 'NOCODE' has no [CODE]"),
        ("BAD [ABC < 9913]\nGOOD [ABC]\n", "is not a code block"),
        ("BAD [ABC < 991340]\nGOOD [ABC]\n", "is not a date"),
        ("BAD [ABC 20120101-20110101]\nGOOD [ABC]\n", "the period ends before it starts"),
    ],
)
def test_a_malformed_actor_line_is_reported_and_the_rest_read(tmp_path, text, problem):
    path = write(tmp_path, "bad.txt", text)
    problems: list[Problem] = []
    entries = read_actors(path, problems)
    assert str(problems[0]).startswith(f"{path}:1: ")
    assert problem in problems[0].reason
    assert "GOOD" in {e.names[0] for e in entries}
    with pytest.raises(DictionaryError) as caught:  # without a list, the first one raises
        read_actors(path)
    assert "bad.txt:1" in str(caught.value)


VERBS = """&CURRENCY
+DOLLAR
+SWISS_FRANC
--- GRANT [070] ---
GRANT
GIVE {GAVE GIVEN GIVING}  # a comment
+HAND_OVER [071]
- * &CURRENCY [071]
- * (TO BORDER) [154:153]
- NO CODE HERE
~ a (a b WILL_ATTACK) SAY = a b 138
"""


def test_read_verbs_classes_patterns_and_synsets(tmp_path):
    problems: list[Problem] = []
    verbs = read_verbs(write(tmp_path, "verbs.txt", VERBS), problems)
    assert verbs.synsets["&CURRENCY"] == [("DOLLAR", 2), ("SWISS_FRANC", 3)]
    (grant,) = verbs.classes
    assert (grant.name, grant.code) == ("GRANT", "070")
    assert [v[:2] for v in grant.verbs] == [
        ("GRANT", ""),
        ("GIVE {GAVE GIVEN GIVING}", ""),
        ("+HAND_OVER", "071"),
    ]
    assert grant.patterns == [("* &CURRENCY", "071", 8), ("* (TO BORDER)", "154:153", 9)]
    assert len(verbs.transformations) == 1
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'verbs.txt'}:10: a pattern without a [CODE] at its end"
    ]


def test_import_tells_the_kinds_of_dictionary_apart(tmp_path):
    assert file_kind(write(tmp_path, "a.txt", ACTORS)) == "actors"
    assert file_kind(write(tmp_path, "b.txt", AGENTS)) == "agents"
    assert file_kind(write(tmp_path, "c.txt", VERBS)) == "verbs"
    assert file_kind(write(tmp_path, "d.txt", "+WORLD CUP\nBASEBALL_\n")) == "discards"
    discards = read_discards(tmp_path / "d.txt")
    assert [(d.phrase, d.story, d.whole_word) for d in discards] == [
        ("world cup", True, False),
        ("baseball", False, True),
    ]
    problems: list[Problem] = []
    kind, out, rows = import_file(tmp_path / "c.txt", tmp_path / "out", problems)
    assert (kind, rows, len(problems)) == ("verbs", 2, 1)
    assert "verb_class\tentry\ttext\tcode\tsource" in out.read_text()


def test_validation_dictionaries_import(shared, tmp_path):
    folder = shared / "eval" / "petrarch" / "unittest"
    kind, out, rows = import_file(folder / "PETR.Validate.actors.txt", tmp_path)
    assert kind == "actors" and rows > 100
    ActorDictionary().load(out)
    kind, out, rows = import_file(folder / "PETR.Validate.agents.txt", tmp_path)
    assert kind == "agents" and rows > 50
    Agents().load(out)
