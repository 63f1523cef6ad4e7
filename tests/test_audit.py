"""`kronika audit`: a seeded sample of events to judge by hand."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kronika.audit import format_item, sample_events
from kronika.records import Document

TEXTS = [
    "Iran attacked Iraq on Tuesday.",
    "Egypt and Israel signed a peace treaty.",
    "Russia did not invade Finland.",
    "The weather was fine.",
    "Police arrested two protesters in Cairo.",
]


@pytest.mark.slow
def test_the_same_seed_draws_the_same_events(extractor):
    documents = [Document(text=t, id=str(i), date="2020-01-01") for i, t in enumerate(TEXTS)]
    first = sample_events(extractor, documents, events=3, seed=7)
    again = sample_events(extractor, documents, events=3, seed=7)
    assert [i.to_dict() for i in first] == [i.to_dict() for i in again]
    assert len(first) == 3
    # Negated events are not drawn unless asked for: the sample is of reported facts.
    assert all(not i.event.negated for i in first)
    every = sample_events(extractor, documents, events=50, seed=7, facts_only=False)
    assert any(i.event.negated for i in every)
    text = format_item(first[0])
    assert first[0].event.sentence in text and first[0].event.cameo in text


@pytest.mark.slow
def test_audit_command_prints_jsonl_with_an_empty_judgement(tmp_path):
    from kronika.cli import cli

    path = tmp_path / "news.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": str(i), "date": "2020-01-01", "text": t}) for i, t in enumerate(TEXTS)
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["audit", str(path), "--events", "2", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2
    assert all(row["judgement"] is None and row["sentence"] for row in rows)
