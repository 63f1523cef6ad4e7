"""`kronika evaluate`: the plover-gsr and petrarch evaluators on tiny hand-made gold files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kronika import evaluate
from kronika.cli import cli
from kronika.evaluate import EVALUATORS, EvaluationError, prf, run
from kronika.evaluate.events import country_of, read_petrarch

pytestmark = pytest.mark.slow

PLOVER_KEYS = {
    "records",
    "type_accuracy",
    "majority_baseline",
    "type_macro_f1",
    "source_country_accuracy",
    "target_country_accuracy",
    "full_accuracy",
}
PETRARCH_KEYS = {"sentences", "exact", "root", "country", "noevent_accuracy"}

PLOVER_GOLD = [
    {
        "id": "TEST-DOCUMENT-0001",
        "event": "DOCUMENT",
        "eventText": "documentation for this file",
        "comment": "not a record",
    },
    {
        "id": "TEST-DISAPPROVE-0001",
        "date": "2008-08-04",
        "source": [{"actorText": "France", "code": "FRA"}],
        "target": [{"actorText": "Russia", "code": "RUS"}],
        "event": "DISAPPROVE",
        "eventText": "condemned",
        "text": "France condemned Russia for the attack.",
    },
    {
        "id": "TEST-AGREE-0001",
        "date": "2008-08-04",
        "source": [{"actorText": "Japan", "code": "JAP"}, {"actorText": "China", "code": "CHN"}],
        "target": "",
        "event": "AGREE",
        "eventText": "agreed",
        "text": "Japan and China agreed to resume trade talks.",
    },
    {
        "id": "TEST-NONE-0001",
        "date": "2008-08-04",
        "source": None,
        "target": None,
        "event": "none",
        "text": "The weather in Paris was mild on Tuesday.",
    },
]

PETRARCH_GOLD = """<?xml version='1.0' encoding='utf-8'?>
<Validation>

##########################################################################
#
#   TEST VALIDATION RECORDS: not well-formed XML, as PETRARCH's are.
#   Comment lines & notes that a lenient reader skips.
#
##########################################################################

<Sentences>
<Sentence category="TEST" date="20080804" id="X1" evaluate="true"/>
<EventCoding eventcode="111" sourcecode="FRA" targetcode="RUS" />
<Text>
France condemned Russia
for the attack.
</Text>
<Parse></Parse>
</Sentence>

<Sentence category="TEST" date = "20080805" id ="X2" evaluate="true">
<EventCoding eventcode="112" sourcecode="GMY" targetcode="IRN" />
<Text>
Germany accused Iran of supporting terrorism.
</Text>
<Parse>
</Parse>
</Sentence>

<Sentence category="TEST" date="20080806" id="X3" evaluate="true"/>
<EventCoding noevents="True" />
<Text>
The weather in Paris was mild &amp; sunny on Tuesday.
</Text>
<Parse></Parse>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture
def plover_file(tmp_path):
    path = tmp_path / "plover.json"
    path.write_text(json.dumps(PLOVER_GOLD, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def petrarch_file(tmp_path):
    path = tmp_path / "petrarch.xml"
    path.write_text(PETRARCH_GOLD, encoding="utf-8")
    return path


def read_details(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_score(value):
    assert isinstance(value, (int, float)) and 0.0 <= value <= 1.0, value


def assert_prf(scores):
    assert set(scores) == {"precision", "recall", "f1"}
    for value in scores.values():
        assert_score(value)


def test_both_formats_are_registered():
    assert {"plover-gsr", "petrarch"} <= set(EVALUATORS)


# -- plover-gsr -------------------------------------------------------------------------


def test_plover_gsr_metrics(extractor, plover_file, tmp_path):
    details = tmp_path / "details.jsonl"

    metrics = run("plover-gsr", plover_file, details=details, extractor=extractor)

    assert set(metrics) == PLOVER_KEYS
    assert metrics["records"] == 3  # the DOCUMENT header is not a record
    for key in PLOVER_KEYS - {"records"}:
        assert_score(metrics[key])
    assert metrics["majority_baseline"] == pytest.approx(1 / 3, abs=1e-3)
    assert metrics["full_accuracy"] <= metrics["type_accuracy"]


def test_plover_gsr_details_map_old_labels(extractor, plover_file, tmp_path):
    details = tmp_path / "details.jsonl"

    run("plover-gsr", plover_file, details=details, extractor=extractor)

    rows = read_details(details)
    records = [r for r in rows if "gold_type" in r]
    assert [r["id"] for r in records] == [
        "TEST-DISAPPROVE-0001",
        "TEST-AGREE-0001",
        "TEST-NONE-0001",
    ]
    by_id = {r["id"]: r for r in records}
    condemned = by_id["TEST-DISAPPROVE-0001"]
    assert condemned["gold_type"] == "ACCUSE"  # DISAPPROVE is PLOVER's old name
    assert condemned["gold_source"] == ["FRA"] and condemned["gold_target"] == ["RUS"]
    assert by_id["TEST-AGREE-0001"]["gold_source"] == ["CHN", "JPN"]  # legacy JAP → JPN
    assert by_id["TEST-AGREE-0001"]["gold_target"] == []
    assert by_id["TEST-NONE-0001"]["gold_type"] == "none"
    for record in records:
        assert {
            "text",
            "predicted_type",
            "predicted",
            "type_ok",
            "source_ok",
            "target_ok",
            "full_ok",
        } <= set(record)
        assert record["type_ok"] == (record["gold_type"] == record["predicted_type"])
    # An unmistakable condemnation, as an end-to-end floor rather than a quality figure.
    assert condemned["predicted_type"] == "ACCUSE"
    assert condemned["source_ok"] is True
    [summary] = [r for r in rows if "confusion" in r]
    assert sum(summary["confusion"].values()) == 3
    assert "ACCUSE" in summary["per_type"]


def test_plover_gsr_limit(extractor, plover_file):
    metrics = run("plover-gsr", plover_file, extractor=extractor, limit=1)

    assert metrics["records"] == 1


@pytest.mark.parametrize(
    "content",
    [
        "this is not JSON",
        json.dumps({"id": "X", "event": "AGREE", "text": "Japan agreed."}),
        json.dumps([{"id": "X", "source": [{"code": "JPN"}], "text": "Japan agreed."}]),
    ],
    ids=["not-json", "object-not-list", "record-without-event"],
)
def test_plover_gsr_malformed_file(extractor, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(EvaluationError, match=str(path)):
        run("plover-gsr", path, extractor=extractor)


# -- petrarch ---------------------------------------------------------------------------


def test_read_petrarch_is_lenient(petrarch_file):
    sentences = read_petrarch(petrarch_file)

    assert [s["id"] for s in sentences] == ["X1", "X2", "X3"]
    assert [s["date"] for s in sentences] == ["2008-08-04", "2008-08-05", "2008-08-06"]
    assert sentences[0]["text"] == "France condemned Russia for the attack."
    assert sentences[0]["gold"] == {("FRA", "RUS", "111")}
    assert sentences[1]["gold"] == {("GMY", "IRN", "112")}
    assert sentences[2]["gold"] == set()
    assert [s["noevents"] for s in sentences] == [False, False, True]
    assert sentences[2]["text"] == "The weather in Paris was mild & sunny on Tuesday."


def test_petrarch_metrics(extractor, petrarch_file, tmp_path):
    details = tmp_path / "details.jsonl"

    metrics = run("petrarch", petrarch_file, details=details, extractor=extractor)

    assert set(metrics) == PETRARCH_KEYS
    assert metrics["sentences"] == 3
    for level in ("exact", "root", "country"):
        assert_prf(metrics[level])
    assert_score(metrics["noevent_accuracy"])
    # Coarser levels can only match more.
    assert metrics["exact"]["recall"] <= metrics["root"]["recall"] <= metrics["country"]["recall"]
    rows = read_details(details)
    [summary] = [r for r in rows if "per_root" in r]
    assert summary["per_root"]["11"]["gold"] >= 1 and summary["confusion"]
    rows = [r for r in rows if "id" in r]
    assert [r["id"] for r in rows] == ["X1", "X2", "X3"]
    assert rows[0]["gold"] == [["FRA", "RUS", "111"]]
    for row in rows:
        assert {"text", "gold", "predicted", "hits"} <= set(row)
        assert all(hit in row["predicted"] and hit in row["gold"] for hit in row["hits"])


@pytest.mark.parametrize(
    "content",
    [
        "",
        "<Validation><Sentences></Sentences></Validation>",
        '<Sentence id="X"><EventCoding eventcode="111"/></Sentence>',
    ],
    ids=["empty", "no-sentences", "sentence-without-text"],
)
def test_petrarch_malformed_file(extractor, tmp_path, content):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(EvaluationError, match="no <Sentence> records"):
        run("petrarch", path, extractor=extractor)


# -- helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "country"),
    [
        ("FRA", "FRA"),
        ("FRAGOV", "FRA"),
        ("JAP", "JPN"),
        ("GMYMIL", "DEU"),
        ("IGOUNO", "IGO"),
        ("", None),
        (None, None),
    ],
)
def test_country_of(code, country):
    assert country_of(code) == country


@pytest.mark.parametrize(
    ("tp", "predicted", "gold", "expected"),
    [(0, 0, 0, (0.0, 0.0, 0.0)), (1, 2, 1, (0.5, 1.0, 0.6667)), (2, 2, 2, (1.0, 1.0, 1.0))],
)
def test_prf(tp, predicted, gold, expected):
    scores = prf(tp, predicted, gold)
    assert (scores["precision"], scores["recall"], scores["f1"]) == expected


# -- the CLI ----------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


def test_cli_unknown_format(runner, plover_file):
    result = runner.invoke(cli, ["evaluate", "no-such-format", str(plover_file)])

    assert result.exit_code == 2
    assert "unknown evaluation format 'no-such-format'" in result.stderr
    assert "plover-gsr" in result.stderr and "petrarch" in result.stderr


def test_cli_missing_gold_file(runner, tmp_path):
    result = runner.invoke(cli, ["evaluate", "petrarch", str(tmp_path / "nope.xml")])

    assert result.exit_code == 2
    assert "nope.xml" in result.stderr


def test_cli_malformed_file(runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("this is not JSON", encoding="utf-8")

    result = runner.invoke(cli, ["evaluate", "plover-gsr", str(path)])

    assert result.exit_code == 2
    assert "not a PLOVER GSR JSON file" in result.stderr
    assert str(path) in result.stderr


def test_cli_prints_metrics_and_writes_details(runner, petrarch_file, tmp_path):
    details = tmp_path / "details.jsonl"

    result = runner.invoke(
        cli, ["evaluate", "petrarch", str(petrarch_file), "--details", str(details), "--limit", "2"]
    )

    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert set(metrics) == PETRARCH_KEYS
    assert metrics["sentences"] == 2
    assert metrics["noevent_accuracy"] is None  # the no-event record was cut off
    assert len([r for r in read_details(details) if "id" in r]) == 2


def test_evaluate_module_exports():
    assert evaluate.run is run


def test_cli_unknown_format_is_named_before_the_path_is_checked(runner, tmp_path):
    result = runner.invoke(cli, ["evaluate", "list", str(tmp_path / "missing")])

    assert result.exit_code == 2
    assert "known: " in result.stderr and "plover-gsr" in result.stderr


@pytest.mark.parametrize(
    "code, view",
    [
        ("IGOEUREECLEG", ("EUR", "LEG")),  # NGEC counts the EU as a country
        ("IGOUNO", ("UNO", None)),  # and the UN
        ("IGOIMF", ("IGO", None)),  # any other organisation's country is IGO
        ("IRNMIL", ("IRN", "MIL")),
        ("---GOV", (None, "GOV")),
        ("AFGINS", ("AFG", "REB")),  # PLOVER has no insurgents or separatists: rebels
        ("SSDSEP", ("SSD", "REB")),
    ],
)
def test_codes_are_compared_with_ngec_as_ngec_writes_them(code, view):
    from kronika.evaluate.actors import ngec_view

    assert ngec_view(code) == view
