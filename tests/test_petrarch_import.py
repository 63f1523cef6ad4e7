"""Importing PETRARCH/TABARI actor and agent dictionaries."""

from __future__ import annotations

import pytest

from kronika.knowledge.actors import ActorDictionary, Agents
from kronika.knowledge.petrarch import import_file, read_actors, read_agents
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
    assert by_name["GONDOR"].names == ["GONDOR", "GONDORIAN"]
    assert by_name["MINAS TIRITH"].codes == [("GON", "", "")]
    assert by_name["ORC ARMY"].codes == [("MORMIL", "", "")]
    assert by_name["DENETHOR"].names == ["DENETHOR", "LORD DENETHOR"]
    assert by_name["DENETHOR"].codes == [
        ("GONGOV", "", "1995-05-31"),
        ("GONELI", "1995-06-01", "1999-08-15"),
        ("GONREB", "1999-08-17", ""),
    ]


def test_imported_actors_load_and_resolve_by_date(tmp_path):
    kind, out, rows = import_file(write(tmp_path, "actors.txt", ACTORS), tmp_path / "out")
    assert kind == "actors" and rows == 6
    dictionary = ActorDictionary()
    dictionary.load(out)
    assert dictionary.lookup("Lord Denethor", "1994-01-01").code == "GONGOV"
    assert dictionary.lookup("Denethor", "1997-01-01").code == "GONELI"
    assert dictionary.lookup("Denethor", "2001-01-01").code == "GONREB"
    assert dictionary.lookup("Gondorian").code == "GON"


def test_read_agents_expands_macros(tmp_path):
    agents = read_agents(write(tmp_path, "agents.txt", AGENTS))
    assert ("foreign minister", "GOV") in agents
    assert ("armed forces", "MIL") in agents
    assert {("border man", "COP"), ("border men", "COP"), ("border woman", "COP")} <= set(agents)


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
        ("+ORPHAN\n", "a '+' synonym before any actor name"),
        ("NOCODE\nOTHER [ABC]\n", "actor 'NOCODE' has no [CODE]"),
        ("BAD [ABC < 9913]\n", "is not a code block"),
        ("BAD [ABC < 991340]\n", "is not a date"),
    ],
)
def test_bad_petrarch_files_name_the_line(tmp_path, text, problem):
    path = write(tmp_path, "bad.txt", text)
    with pytest.raises(DictionaryError) as caught:
        read_actors(path)
    assert problem in str(caught.value)
    assert "bad.txt:1" in str(caught.value)


def test_validation_dictionaries_import(shared, tmp_path):
    folder = shared / "eval" / "petrarch" / "unittest"
    kind, out, rows = import_file(folder / "PETR.Validate.actors.txt", tmp_path)
    assert kind == "actors" and rows > 100
    ActorDictionary().load(out)
    kind, out, rows = import_file(folder / "PETR.Validate.agents.txt", tmp_path)
    assert kind == "agents" and rows > 50
    Agents().load(out)
