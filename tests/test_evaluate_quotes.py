"""`kronika evaluate polnear`: reading brat standoff, matching spans, scoring speakers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.evaluate import EVALUATORS, EvaluationError
from kronika.evaluate.quotes import (
    Attribution,
    coverage,
    match,
    parse_spans,
    read_polnear,
    same_speaker,
    score,
)

KEYS = {
    "articles",
    "attributions",
    "precision",
    "recall",
    "f1",
    "speaker_accuracy",
    "direct_recall",
}

# A made-up article and its attributions, in PolNeAR's layout.
TEXT = (
    "Talks Resume.\n\n"
    "\u201cThe talks went well,\u201d Anna Keller said. \u201cWe meet again in May.\u201d\n\n"
    "The border will stay open, officials said.\n"
)


def offsets(fragment: str) -> str:
    start = TEXT.index(fragment)
    return f"{start} {start + len(fragment)}"


OPEN = "\u201c"
FIRST = "The talks went well,\u201d"
SECOND = "\u201cWe meet again in May.\u201d"
ANN = "\n".join(
    [
        f"T1\tContent {offsets(OPEN + FIRST)};{offsets(SECOND)}\t{OPEN}{FIRST} {SECOND}",
        f"T2\tSource {offsets('Anna Keller')}\tAnna Keller",
        f"T3\tCue {offsets('said')}\tsaid",
        "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
        f"T4\tContent {offsets('The border will stay open')}\tThe border will stay open",
        f"T5\tSource {offsets('officials')}\tofficials",
        "E2\tAttribution:T5 Content:T4 Source:T5",
    ]
)


@pytest.fixture
def gold(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "paper_2016-09-12_talks.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "paper_2016-09-12_talks_aaaa.ann").write_text(
        ANN, encoding="utf-8"
    )
    # A second annotator's file: only the first one counts.
    (tmp_path / "attributions" / "paper_2016-09-12_talks_bbbb.ann").write_text("", "utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "filename\tpublication_date\npaper_2016-09-12_talks\t2016-09-13\n", encoding="utf-8"
    )
    return tmp_path


def test_parse_spans():
    assert parse_spans("Content 10 20;25 40") == [(10, 20), (25, 40)]


def test_read_polnear(gold):
    (article,) = read_polnear(gold)
    assert article.date == "2016-09-13"
    assert len(article.attributions) == 2
    quoted, reported = article.attributions
    assert quoted.direct and not reported.direct
    assert len(quoted.content) == 2
    assert quoted.source_text == "Anna Keller"


def test_not_a_polnear_folder(tmp_path):
    with pytest.raises(EvaluationError, match="text/ and attributions/"):
        read_polnear(tmp_path)


def test_bad_ann_line_names_file_and_line(gold):
    (gold / "attributions" / "paper_2016-09-12_talks_aaaa.ann").write_text(
        "T1\tContent ten twenty\tx\n", encoding="utf-8"
    )
    with pytest.raises(EvaluationError, match=r"_aaaa\.ann:1: not a brat standoff line"):
        read_polnear(gold)


def test_coverage_and_one_to_one_match():
    long = Attribution(content=[(0, 100)], content_text="x")
    nested = Attribution(content=[(40, 50)], content_text="y")
    assert coverage((0, 60), [(0, 100)]) == 0.6
    assert coverage((0, 40), [(0, 100)]) == 0.4
    # One prediction covering both: it goes to the attribution it fits best.
    assert match([(0, 100)], [long, nested]) == {0: 0}
    assert match([(0, 100), (40, 50)], [long, nested]) == {0: 0, 1: 1}


def test_same_speaker():
    gold = Attribution(content=[(0, 5)], content_text="x", source=[(10, 17)], source_text="Clinton")
    assert same_speaker({"name": "Hillary Clinton", "start": 0, "end": 3}, gold)
    assert same_speaker({"name": "she", "start": 12, "end": 15}, gold)
    assert not same_speaker({"name": "Donald Trump", "start": 0, "end": 3}, gold)


def test_score_dict_predictions(gold):
    articles = read_polnear(gold)
    first = TEXT.index(FIRST)
    predicted = [
        {
            "start": first,
            "end": TEXT.index(SECOND) + len(SECOND) - 1,
            "speaker": {
                "name": "Anna Keller",
                "start": TEXT.index("Keller"),
                "end": TEXT.index("Keller") + 6,
            },
        },
        {"start": 0, "end": 5, "speaker": {"name": None}},
    ]
    metrics = score(articles, [predicted])
    assert KEYS <= set(metrics)
    assert metrics["precision"] == 0.5 and metrics["recall"] == 0.5
    assert metrics["speaker_accuracy"] == 1.0
    assert metrics["direct_recall"] == 1.0


@pytest.mark.slow
def test_cli_evaluate_polnear(gold, tmp_path):
    assert "polnear" in EVALUATORS
    details = tmp_path / "details.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", "polnear", str(gold), "--details", str(details)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert KEYS <= set(metrics)
    assert metrics["articles"] == 1 and metrics["attributions"] == 2
    assert metrics["recall"] == 1.0 and metrics["speaker_accuracy"] == 1.0
    assert json.loads(details.read_text(encoding="utf-8").splitlines()[0])["matched"] == 2


@pytest.mark.slow
def test_polnear_dev_floor(shared, extractor):
    """A floor well below today's figures on a few real articles, to catch collapses."""
    from kronika.evaluate import run

    metrics = run("polnear", shared / "eval/quotes/polnear/dev", limit=10, extractor=extractor)
    assert metrics["f1"] > 0.4
    assert metrics["direct_recall"] > 0.7
