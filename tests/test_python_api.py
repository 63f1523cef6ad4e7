"""The Python API as Python users expect it: the README's and docs' examples run as written,
`extract` takes a text or a Document, and every side of an event is safe to read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import kronika
from kronika.records import EventActor

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for number, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), 1):
            found.append((f"{page.relative_to(ROOT)}#{number}", block))
    return found


def test_the_readme_has_python_examples():
    assert any(name.startswith("README.md") for name, _ in python_blocks())


@pytest.mark.parametrize(("name", "code"), python_blocks(), ids=[n for n, _ in python_blocks()])
def test_every_python_block_of_the_docs_runs_as_written(name, code, tmp_path, monkeypatch, capsys):
    # Run where a user who cloned the repository would: `examples/` beside them.
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, name, "exec"), {"__name__": "__main__"})  # noqa: S102


def test_extract_takes_text_or_a_document(extractor):
    text = "Iran signed a defence agreement with Tajikistan in Dushanbe."
    from_text = extractor.extract(text, date="2023-04-02")
    from_document = extractor.extract(kronika.Document(text=text, date="2023-04-02"))
    assert from_text.to_dict() == from_document.to_dict()
    assert [(e.source.code, e.target.code) for e in from_text.events] == [("IRN", "TJK")]
    assert from_text.document.date == "2023-04-02"


def test_extract_many_takes_texts_and_documents(extractor):
    found = list(
        extractor.extract_many(
            ["Turkey condemned Greece.", kronika.Document("Iran attacked Iraq.")]
        )
    )
    assert [e.document.text for e in found] == ["Turkey condemned Greece.", "Iran attacked Iraq."]


def test_extract_refuses_what_is_not_an_article(extractor):
    with pytest.raises(TypeError, match="takes an article's text .* not bytes"):
        extractor.extract(b"Iran attacked Iraq.")


def test_an_event_without_a_target_is_safe_to_read(extractor):
    extraction = extractor.extract("Iran will export drones.", date="2022-05-24")
    lonely = [e for e in extraction.events if not e.target]
    assert lonely, [e.to_dict() for e in extraction.events]
    event = lonely[0]
    assert (event.target.code, event.target.text) == (None, None)
    assert event.to_dict()["target"] == {"text": None, "code": None}
    assert event.modality == "intent" and event.negated is False
    assert 0 < event.confidence <= 1


def test_event_sides_are_false_only_when_empty():
    assert not EventActor(None, None)
    assert EventActor("Iran", "IRN")
    assert EventActor("the gunmen", None)  # named, but not resolved to a code
