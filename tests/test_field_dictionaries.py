"""The field's dictionaries (Phoenix actors and agents, NGEC agents, CAMEO.2.0 verbs) as
kronika ships them: converted with provenance, loaded after kronika's own tables, matched
in text with their dated roles, counted by `kronika dictionaries stats`."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.knowledge.actors import FIELD_FILES, ActorDictionary, load_agents, load_dictionary
from kronika.knowledge.tables import DictionaryWarning, data_path, read_tsv
from kronika.records import Document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return load_dictionary()


def test_every_converted_row_names_its_source_line():
    for name in FIELD_FILES:  # phoenix/countries.tsv.gz, international.tsv, milnonstate.tsv
        rows = list(read_tsv(data_path(name), ("names", "code", "source")))
        assert len(rows) > 900
        assert all(row["source"].startswith("Phoenix.") for row in rows)
        assert all(":" in row["source"] for row in rows)
    for path in ("phoenix/agents.tsv", "ngec/agents.tsv"):
        rows = list(read_tsv(data_path(path), ("phrase", "sector", "source")))
        assert rows and all(row["source"].rsplit(":", 1)[1].isdigit() for row in rows)


def test_a_phoenix_person_is_coded_by_the_date_of_the_text(dictionary):
    # Mohammad Zahir Shah, king of Afghanistan from 1933 to 1973, is only in Phoenix's tables.
    assert not dictionary.entries.get("mohammad zahir shah")
    reign = dictionary.lookup("Mohammad Zahir Shah", "1960-05-01")
    assert reign.code == "AFGGOV"
    assert reign.source.startswith("Phoenix.Countries.actors.txt:")
    assert dictionary.lookup("Mohammad Zahir Shah", "1980-05-01").code == "AFGELI"


def test_kronika_keeps_its_own_entries_and_lists_the_conflicts(dictionary):
    # Phoenix codes China's Communist Party as the government, kronika as a party.
    entry = dictionary.lookup("Communist Party of China", "2022-01-01")
    assert entry.origin.startswith("organisations.tsv:") and entry.code == "CHNPTY"
    conflicts = {c.name: c for c in dictionary.conflicts()}
    conflict = conflicts["communist party of china"]
    assert conflict.ours.code == "CHNPTY"
    assert conflict.theirs.code == "CHNGOV"
    assert "kronika's kept" in str(conflict) and "Phoenix.Countries.actors.txt:" in str(conflict)


def test_a_title_before_a_person_kronika_knows_is_kronikas_person(dictionary):
    # Phoenix lists "PRESIDENT OBAMA"; kronika's own rows for Barack Obama decide.
    assert "president obama" not in dictionary.field
    assert "president obama" in dictionary.shadowed


def test_organisation_codes_follow_kronikas_conventions():
    rows = {
        row["source"]: row
        for row in read_tsv(data_path("phoenix", "international.tsv"), ("names", "code"))
    }
    mapped = [row for row in rows.values() if row["phoenix_code"] == "IGOWSTNAT"]
    assert mapped and all(row["code"] == "IGONAT" for row in mapped)


def test_field_agents_come_after_kronikas():
    agents = load_agents()
    # kronika's row for journalists stands; NGEC's and Phoenix's add phrases it lacks
    assert agents.match(["journalist"]).origin.startswith("agents.tsv:")
    added = agents.match(["drug", "dealer"])
    assert added is not None and added.sector == "CRM"
    assert not agents.match(["state"]) or agents.match(["state"]).origin.startswith("agents")
    # NGEC's MED (medical) is kronika's HLH; its press is kronika's MED
    rows = {
        r["phrase"]: r["sector"] for r in read_tsv(data_path("ngec", "agents.tsv"), ("phrase",))
    }
    assert rows["medical personnel"] == "HLH"
    assert rows["state media"] == "GOVMED"
    assert rows["foreign correspondent"] == "JRN"


def test_names_found_in_text_carry_their_provenance(extractor):
    text = "King Mohammad Zahir Shah received the envoy in Kabul."
    extraction = extractor.extract(Document(text=text, date="1960-05-01"))
    (king,) = [a for a in extraction.actors if "Zahir" in a.text]
    assert king.code == "AFGGOV"
    assert "Phoenix.Countries.actors.txt:" in king.how


def test_names_omitted_from_matching_are_listed_with_a_reason():
    rows = list(read_tsv(data_path("phoenix", "omitted.tsv"), ("name", "reason", "source")))
    reasons = {row["reason"].split(":")[0].split(" (")[0] for row in rows}
    assert {"a common English word", "a date"} <= reasons
    assert all(row["source"].startswith("Phoenix.") for row in rows)


def test_stats_count_the_knowledge_by_source():
    result = CliRunner().invoke(cli, ["dictionaries", "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["actors"] >= 25_000
    assert stats["verb_patterns"] >= 5_000
    assert stats["verb_classes"] == 397
    phoenix, kronika = stats["by_source"]["phoenix"], stats["by_source"]["kronika"]
    assert phoenix["actors"] > 20_000 and phoenix["dated_roles"] > 20_000
    assert kronika["verb_patterns"] > 1_000 and stats["by_source"]["ngec"]["agent_nouns"] > 1_000
    assert stats["by_source"]["user"]["actors"] == 0


def test_check_without_paths_validates_the_tables_and_lists_conflicts():
    result = CliRunner().invoke(cli, ["dictionaries", "check"])
    assert result.exit_code == 0, result.output
    assert "phoenix/countries.tsv" in result.output
    assert "conflict: communist party of china: kronika CHNPTY" in result.output


def test_a_folder_of_petrarch_files_loads_and_reports_a_bad_line(tmp_path):
    from kronika.pipeline import Extractor

    (tmp_path / "mine.actors.txt").write_text(
        "GRAND FENWICK [GFK]\n+FENWICK\nBADLINE [GFK 20209999-20211231]\nTULLY BASCOMBE\n"
        "\t[GFKGOV 19590101 - 19621231]\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        extractor = Extractor(dictionaries=[tmp_path])
    problems = [str(w.message) for w in caught if issubclass(w.category, DictionaryWarning)]
    assert any("mine.actors.txt:3" in p and "not a date" in p for p in problems)
    extraction = extractor.extract(
        Document(text="Tully Bascombe attacked Fenwick.", date="1960-01-01")
    )
    codes = {a.text: a.code for a in extraction.actors}
    assert codes["Tully Bascombe"] == "GFKGOV"


def test_import_reports_malformed_lines_and_writes_the_rest(tmp_path):
    source = tmp_path / "verbs.txt"
    source.write_text(
        "--- GRANT [070] ---\nGRANT\n- * AID [071]\n- * NO CODE\n- * (TO BORDER) [154]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["dictionaries", "import", str(source), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert f"{source}:4: a pattern without a [CODE]" in result.output
    assert "2 verb patterns" in result.output
    check = CliRunner().invoke(cli, ["dictionaries", "check", str(tmp_path / "out")])
    assert "2 PETRARCH verb patterns in 1 classes" in check.output


def test_the_conversion_is_reproducible(shared, tmp_path):
    """Running scripts/convert_knowledge.py again writes the tables kronika ships."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert_knowledge.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in (
        "phoenix/countries.tsv.gz",
        "phoenix/international.tsv",
        "phoenix/milnonstate.tsv",
        "phoenix/omitted.tsv",
        "phoenix/agents.tsv",
        "phoenix/omitted_agents.tsv",
        "phoenix/discards.tsv",
        "ngec/agents.tsv",
        "petrarch/cameo_verbs.tsv",
    ):
        assert filecmp.cmp(tmp_path / name, data_path(name), shallow=False), name
