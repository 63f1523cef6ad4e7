"""Users extend every kind of knowledge from their own folders (`--dictionaries DIR`): event
patterns, equipment, actors and agents; `kronika dictionaries check` validates each kind."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.knowledge.tables import file_kind
from kronika.records import Document

PATTERNS = "pattern\tcode\tmil\tpreps\nserenade\t051\t\t\ncondemn\t122\t\t\n"
EQUIPMENT = "names\ttype\tkind\torigin\nKestrel-9|Kestrel 9\tsystem\tunmanned aerial vehicle\tPAK\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mine")
    (folder / "patterns.tsv").write_text(PATTERNS, encoding="utf-8")
    (folder / "equipment.tsv").write_text(EQUIPMENT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def custom(folder):
    from kronika.pipeline import Extractor

    return Extractor(dictionaries=[folder])


def codes(extractor, text: str) -> set[tuple[str, str | None, str]]:
    extraction = extractor.extract(Document(text=text, date="2024-05-01"))
    return {
        (e.source.code, e.target.code if e.target else None, e.cameo) for e in extraction.events
    }


def test_file_kind_is_read_from_the_header(folder, tmp_path):
    assert file_kind(folder / "patterns.tsv") == "patterns"
    assert file_kind(folder / "equipment.tsv") == "equipment"
    actors = tmp_path / "actors.tsv"
    actors.write_text("# mine\nnames\tcode\nZed Party\tZZZPTY\n", encoding="utf-8")
    assert file_kind(actors) == "actors"


def test_a_user_pattern_adds_an_event_word(extractor, custom):
    text = "Kenya serenaded Uganda on Tuesday."
    assert ("KEN", "UGA", "051") not in codes(extractor, text)
    assert ("KEN", "UGA", "051") in codes(custom, text)


def test_a_user_pattern_overrides_the_built_in_code_for_the_same_frame(extractor, custom):
    text = "Chile condemned Peru on Monday."
    assert ("CHL", "PER", "111") in codes(extractor, text)
    assert ("CHL", "PER", "122") in codes(custom, text)
    assert ("CHL", "PER", "111") not in codes(custom, text)


def test_user_equipment_is_recognised(custom):
    extraction = custom.extract(
        Document(text="The army showed its new Kestrel-9 drones.", date="2024-05-01")
    )
    found = {(e.name, e.origin) for e in extraction.equipment}
    assert ("Kestrel-9", "PAK") in found


def test_check_validates_patterns_and_equipment(folder, tmp_path):
    result = CliRunner().invoke(cli, ["dictionaries", "check", str(folder)])
    assert result.exit_code == 0, result.output
    assert "2 event patterns" in result.output
    assert "2 equipment names" in result.output

    (tmp_path / "bad.tsv").write_text("pattern\tcode\nsnub\t999\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["dictionaries", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad.tsv:2" in result.output and "'999' is not a code" in result.output
