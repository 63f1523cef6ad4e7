"""`kronika explain`: which words coded events, and why others did not."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kronika.cli import cli
from kronika.records import Document


def test_explain_reports_events_and_near_misses(extractor):
    report = extractor.explain(
        Document(text="France condemned Russia. The report condemned the plan.", date="2020-01-01")
    )
    assert len(report) == 2
    first, second = report
    event = next(w for w in first["words"] if w["word"] == "condemned")
    assert event["outcome"] == "event"
    assert event["source"] == ["FRA"] and event["target"] == ["RUS"]
    assert "verbs.tsv:" in event["rule"]
    miss = next(w for w in second["words"] if w["word"] == "condemned")
    assert miss["outcome"] == "near miss"
    assert "report" in miss["reason"]


def test_explain_cli(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(" date 2020-01-01 France condemned Russia.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "+ condemned:" in result.output and "FRA → RUS" in result.output
    result = CliRunner().invoke(cli, ["explain", "--json", str(path)])
    data = json.loads(result.output.splitlines()[0])
    assert data["sentences"][0]["words"][0]["outcome"] == "event"


def test_explain_shows_a_demand_made_in_reported_speech(extractor):
    report = extractor.explain(
        Document(text="Brazil declared that Paraguay must close the border.", date="2020-01-01")
    )
    said = next(w for w in report[0]["words"] if w["word"] == "declared")
    assert said["outcome"] == "event" and said["rule"].startswith("demand that")
    assert said["source"] == ["BRA"] and said["target"] == ["PRY"]


def test_explain_says_how_unattributed_violence_is_coded(extractor):
    report = extractor.explain(
        Document(text="A landmine killed two soldiers near the border.", date="2020-01-01")
    )
    killed = next(w for w in report[0]["words"] if w["word"] == "killed")
    assert killed["outcome"] == "near miss" and "no perpetrator" in killed["reason"]


def test_explain_says_why_a_frame_is_no_event_here(extractor):
    report = extractor.explain(
        Document(
            text="The Korean investors took control of the airline. "
            "Was the deal dead, the Iraqi minister asked.",
            date="2020-01-01",
        )
    )
    took = next(w for w in report[0]["words"] if w["word"] == "took")
    assert took["outcome"] == "not an event" and "military" in took["reason"]
    asked = next(w for w in report[1]["words"] if w["word"] == "asked")
    assert asked["outcome"] == "not an event" and "question" in asked["reason"]


def test_explain_says_a_frame_needs_a_target(extractor):
    report = extractor.explain(
        Document(text="The Peruvian minister helped cut costs.", date="2020-01-01")
    )
    helped = next(w for w in report[0]["words"] if w["word"] == "helped")
    assert helped["outcome"] == "near miss" and "target" in helped["reason"]
