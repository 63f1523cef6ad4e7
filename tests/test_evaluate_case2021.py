"""`kronika evaluate case2021`: the label → PLOVER table, the metric arithmetic on a scripted
extractor, and one end-to-end run on a tiny hand-made TSV."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.evaluate import EVALUATORS, EvaluationError, run
from kronika.evaluate.case2021 import (
    LABELS,
    MAPPING_FILE,
    PLOVER_TYPES,
    label_mapping,
    read_case2021,
    read_label_mapping,
)
from kronika.knowledge.tables import DictionaryError, data_path
from kronika.records import Document, Event, EventActor, Extraction, Span

# Invented snippets, one per kind of case the metrics distinguish.
GOLD = """id\tEventSnippet\tSubType
s1\tThousands of protesters marched through Nairobi on Sunday against a tax law.\tPEACE_PROTEST
s2\tRebels attacked an army checkpoint near Goma, killing five soldiers.\tARMED_CLASH
s3\tHeavy floods swept through the valley, destroying hundreds of homes.\tNATURAL_DISASTER
s4\tPolice found and defused a roadside bomb near the border on Monday.\tDISR_WEAP
s5\tA fire at a chemical plant outside the city killed three workers.\tMAN_MADE_DISASTER
s6\tPolice arrested two opposition leaders in Kampala on Friday.\tARREST
"""

METRIC_KEYS = {
    "snippets", "event_snippets", "event_recall", "type_accuracy", "primary_type_accuracy",
    "type_accuracy_when_coded", "noevent_snippets", "noevent_precision", "noevent_uncoded",
    "labels_never_coded", "labels_never_right",
}  # fmt: skip


def event(plover, *, confidence=0.5, start=0, negated=False, modality="asserted", cameo="190"):
    return Event(
        source=EventActor("A", "AAA"),
        target=EventActor("B", "BBB"),
        cameo=cameo,
        cameo_name="",
        plover={"type": plover, "mode": None, "context": None},
        goldstein=0.0,
        quad_class=1,
        date=None,
        location=None,
        negated=negated,
        modality=modality,
        sentence="",
        trigger=Span("word", start, start + 4),
        rule="test",
        confidence=confidence,
    )


# What the scripted extractor "codes" for each snippet.
SCRIPT = {
    # right: PROTEST; the hypothetical ASSAULT is not reportable
    "s1": [event("PROTEST"), event("ASSAULT", confidence=0.9, modality="hypothetical")],
    # right by ANY event (ASSAULT), wrong by the primary one (the more confident ACCUSE)
    "s2": [event("ACCUSE", confidence=0.9, start=0), event("ASSAULT", confidence=0.5, start=10)],
    # a none label: the ASSAULT is negated and the statement has no PLOVER type
    "s3": [event("ASSAULT", negated=True), event(None, cameo="010")],
    # DISR_WEAP allows none: uncoded, but right
    "s4": [],
    # a none label with a violent event coded: wrong
    "s5": [event("ASSAULT")],
    # coded, but with a type the label does not map to
    "s6": [event("ACCUSE")],
}


class ScriptedExtractor:
    """Stands in for the pipeline: returns SCRIPT's events for each document id."""

    def __init__(self):
        self.dates: list[str | None] = []

    def extract_many(self, documents):
        for document in documents:
            assert isinstance(document, Document)
            self.dates.append(document.date)
            yield Extraction(document=document, events=list(SCRIPT[document.id]))


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "case2021.tsv"
    path.write_text(GOLD, encoding="utf-8")
    return path


def read_details(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_registered():
    assert "case2021" in EVALUATORS


# -- the label table --------------------------------------------------------------------


def test_table_maps_exactly_the_30_labels_with_a_basis():
    mapping = label_mapping()

    assert len(LABELS) == 30
    assert set(mapping) == LABELS
    for label, row in mapping.items():
        assert row.types <= PLOVER_TYPES, label
        assert row.is_event or row.none_ok, label  # a non-event label is "none"
        assert len(row.basis) > 20, f"{label}: the basis should say which definition it rests on"
    assert {label for label, row in mapping.items() if not row.is_event} == {
        "NATURAL_DISASTER", "MAN_MADE_DISASTER", "OTHER"
    }  # fmt: skip


def test_table_file_documents_itself():
    text = data_path(*MAPPING_FILE).read_text(encoding="utf-8")

    header = [line for line in text.splitlines() if line.startswith("#")]
    assert len(header) >= 5
    assert any("held out" in line for line in header)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("RIOT\tPROTEST\tnot a CASE label", "'RIOT' is not a CASE 2021 task 2 label"),
        ("ARREST\tDETAIN\tCAMEO 173", r"unknown PLOVER type\(s\) DETAIN"),
        ("ARREST\t\tCAMEO 173", "ARREST has no PLOVER type"),
        ("ARREST\tCOERCE\t", "ARREST needs a basis"),
        ("ARREST\tCOERCE\tCAMEO 173\nARREST\tCOERCE\tagain", "ARREST is mapped twice"),
    ],
    ids=["unknown-label", "unknown-type", "no-type", "no-basis", "duplicate"],
)
def test_bad_table_rows_are_named(tmp_path, row, message):
    path = tmp_path / "table.tsv"
    path.write_text(f"# a comment\nsubtype\tplover\tbasis\n{row}\n", encoding="utf-8")

    with pytest.raises(DictionaryError, match=message) as error:
        read_label_mapping(path)
    assert f"{path}:" in str(error.value)


def test_dev_file_labels_are_all_mapped(shared):
    path = shared / "eval" / "case2021" / "case2021_task2.dev.tsv"
    if not path.exists():
        pytest.skip(f"{path} not found")

    snippets = read_case2021(path)

    assert len(snippets) >= 400
    assert {s["label"] for s in snippets} <= set(label_mapping())


# -- reading the gold file --------------------------------------------------------------


def test_read_case2021(gold_file):
    snippets = read_case2021(gold_file)

    assert [s["id"] for s in snippets] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert snippets[0]["label"] == "PEACE_PROTEST"
    assert snippets[0]["text"].startswith("Thousands of protesters")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id\ttext\tlabel\n1\tsome text\tARREST\n", "expected a TSV with columns"),
        ("id\tEventSnippet\tSubType\n1\tsome text\tRIOT\n", r":2: 'RIOT' is not a CASE 2021"),
    ],
    ids=["wrong-columns", "unknown-label"],
)
def test_malformed_gold_file(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(EvaluationError, match=message):
        read_case2021(path)


# -- the metrics, on a scripted extractor -----------------------------------------------


def test_metric_arithmetic(gold_file, tmp_path):
    extractor = ScriptedExtractor()
    details = tmp_path / "details.jsonl"

    metrics = run("case2021", gold_file, details=details, extractor=extractor)

    assert set(extractor.dates) == {"2020-01-01"}  # the snippets have no date of their own
    assert metrics == {
        "snippets": 6,
        "event_snippets": 4,  # s1, s2, s4, s6
        "event_recall": 0.75,  # s4 coded nothing
        "type_accuracy": 0.75,  # s1 PROTEST, s2 ASSAULT among its events, s4 none allowed
        "primary_type_accuracy": 0.5,  # s2's primary event is ACCUSE
        "type_accuracy_when_coded": round(2 / 3, 4),  # s1 and s2 of the coded s1, s2, s6
        "noevent_snippets": 2,  # s3, s5
        "noevent_precision": 0.5,  # s5 has an ASSAULT
        "noevent_uncoded": 0.5,  # s3 has no reportable PLOVER-typed event
        "labels_never_coded": ["DISR_WEAP"],
        "labels_never_right": ["ARREST"],
    }
    rows = read_details(details)
    records = {r["id"]: r for r in rows if "id" in r}
    assert records["s2"]["predicted_types"] == ["ACCUSE", "ASSAULT"]
    assert records["s2"]["primary_type"] == "ACCUSE"
    assert (records["s2"]["right"], records["s2"]["primary_right"]) == (True, False)
    assert records["s4"]["expected"] == ["COERCE", "none"]
    assert records["s3"]["events"] == [] and records["s3"]["right"] is True
    [summary] = [r for r in rows if "per_label" in r]
    assert summary["per_label"]["ARMED_CLASH"]["snippets"] == 1
    assert summary["per_label"]["ARMED_CLASH"]["right"] == 1
    assert summary["per_label"]["ARMED_CLASH"]["primary_right"] == 0
    assert summary["per_label"]["MAN_MADE_DISASTER"]["coded_types"] == {"ASSAULT": 1}
    assert summary["confusion"]["ARMED_CLASH->ACCUSE"] == 1
    assert summary["per_label"]["DISR_WEAP"]["expected"] == ["COERCE", "none"]
    assert sum(summary["confusion"].values()) == 6


def test_limit(gold_file):
    metrics = run("case2021", gold_file, extractor=ScriptedExtractor(), limit=2)

    assert metrics["snippets"] == 2
    assert metrics["noevent_snippets"] == 0 and metrics["noevent_precision"] is None


def test_unmapped_label_is_reported(gold_file, monkeypatch):
    from kronika.evaluate import case2021

    mapping = {k: v for k, v in label_mapping().items() if k != "DISR_WEAP"}
    monkeypatch.setattr(case2021, "label_mapping", lambda: mapping)

    with pytest.raises(EvaluationError, match="DISR_WEAP have no row"):
        run("case2021", gold_file, extractor=ScriptedExtractor())


# -- end to end, with the real pipeline -------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


@pytest.mark.slow
def test_cli_runs_on_the_real_pipeline(runner, gold_file, tmp_path):
    details = tmp_path / "details.jsonl"

    result = runner.invoke(cli, ["evaluate", "case2021", str(gold_file), "--details", str(details)])

    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert set(metrics) == METRIC_KEYS
    assert metrics["snippets"] == 6
    assert (metrics["event_snippets"], metrics["noevent_snippets"]) == (4, 2)
    for key in ("event_recall", "type_accuracy", "primary_type_accuracy", "noevent_precision",
                "noevent_uncoded", "type_accuracy_when_coded"):  # fmt: skip
        assert 0.0 <= metrics[key] <= 1.0, key
    rows = read_details(details)
    assert [r["id"] for r in rows if "id" in r] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert any("per_label" in r for r in rows)
