"""`kronika evaluate lgl|gwn|timeml` (and the baselines) on tiny hand-made gold files."""

from __future__ import annotations

import pytest

from kronika.evaluate import EVALUATORS, EvaluationError, run
from kronika.evaluate.geo import read_gwn, read_lgl
from kronika.evaluate.time import at_granularity, read_timeml

GEO_KEYS = {"toponyms", "recall", "precision", "accuracy_161km", "median_error_km"}
TIME_KEYS = {"timexes", "span_recall", "value_accuracy"}

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <dltime>2020-03-02 10:00:00</dltime>
    <text>Flooding closed roads in Tbilisi and across Georgia on Sunday.</text>
    <toponyms>
      <toponym><start>25</start><end>32</end><phrase>Tbilisi</phrase>
        <gaztag geonameid="611717"><lat>41.69411</lat><lon>44.83368</lon></gaztag></toponym>
      <toponym><start>44</start><end>51</end><phrase>Georgia</phrase>
        <gaztag geonameid="614540"><lat>42.0</lat><lon>43.5</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""

GWN = """<?xml version="1.0" ?>
<articles>
  <article file="0">
    <text>Farmers near Nairobi said the rains came late.</text>
    <toponyms>
      <toponym><extractedName>Nairobi</extractedName><type>Literal</type>
        <start>13</start><end>20</end><latitude>-1.28333</latitude>
        <longitude>36.81667</longitude></toponym>
      <toponym><extractedName>Farmers</extractedName><type>Non_Toponym</type>
        <start>0</start><end>7</end></toponym>
    </toponyms>
  </article>
</articles>
"""

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-05" functionInDocument="CREATION_TIME">2021-03-05</TIMEX3></DCT>
<TEXT>
The council <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2021-03-02">on Tuesday</TIMEX3> and approved the budget for <TIMEX3 tid="t2" type="DATE" value="2022">next year</TIMEX3>, a plan that took <TIMEX3 tid="t3" type="DURATION" value="P3M">three months</TIMEX3>.
</TEXT>
</TimeML>
"""  # noqa: E501


@pytest.fixture
def gold(tmp_path):
    (tmp_path / "lgl.xml").write_text(LGL, encoding="utf-8")
    (tmp_path / "gwn.xml").write_text(GWN, encoding="utf-8")
    folder = tmp_path / "tml"
    folder.mkdir()
    (folder / "t1.tml").write_text(TIMEML, encoding="utf-8")
    return tmp_path


def test_readers_compute_offsets_on_the_text(gold):
    article = read_lgl(gold / "lgl.xml")[0]
    assert [article.text[t.start : t.end] for t in article.toponyms] == ["Tbilisi", "Georgia"]
    assert article.date == "2020-03-02"
    assert [t.phrase for t in read_gwn(gold / "gwn.xml")[0].toponyms] == ["Nairobi"]
    document = read_timeml(gold / "tml" / "t1.tml")
    assert document.date == "2021-03-05"
    assert [document.text[t.start : t.end] for t in document.timexes] == [
        "on Tuesday",
        "next year",
        "three months",
    ]


def test_malformed_files_name_the_file(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<articles><article><text>no end", encoding="utf-8")
    with pytest.raises(EvaluationError, match="broken.xml"):
        read_lgl(broken)
    tml = tmp_path / "broken.tml"
    tml.write_text("<TimeML><TEXT>x</TimeML>", encoding="utf-8")
    with pytest.raises(EvaluationError, match="broken.tml"):
        read_timeml(tml)
    bad = tmp_path / "bad.xml"
    bad.write_text(LGL.replace("<start>25</start>", "<start>x</start>"), encoding="utf-8")
    with pytest.raises(EvaluationError, match="bad.xml"):
        read_lgl(bad)


def test_at_granularity():
    assert at_granularity("2022-07-14", "2022-Q3") == "2022-Q3"
    assert at_granularity("2022-07-14", "2022") == "2022"
    assert at_granularity("2022", "2022-07") is None  # coarser than the gold value
    assert at_granularity("2000-02-14", "2000-W7") == "2000-W07"
    assert at_granularity("1994/1997", "1997") == "1997"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["lgl", "lgl-baseline"])
def test_lgl(extractor, gold, fmt):
    metrics = run(fmt, gold / "lgl.xml", extractor=extractor)
    assert GEO_KEYS <= set(metrics)
    assert metrics["toponyms"] == 2
    assert metrics["recall"] >= 0.5


@pytest.mark.slow
def test_gwn_counts_only_toponyms_with_a_point(extractor, gold, tmp_path):
    details = tmp_path / "details.jsonl"
    metrics = run("gwn", gold / "gwn.xml", extractor=extractor, details=details)
    assert metrics["toponyms"] == 1
    assert metrics["recall"] == 1.0 and metrics["accuracy_161km"] == 1.0
    assert details.read_text(encoding="utf-8").count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["timeml", "timeml-baseline"])
def test_timeml(extractor, gold, fmt):
    metrics = run(fmt, gold / "tml", extractor=extractor)
    assert TIME_KEYS <= set(metrics)
    assert metrics["timexes"] == 2 and metrics["durations_and_sets"] == 1
    if fmt == "timeml":
        assert metrics["span_recall"] == 1.0 and metrics["value_accuracy"] == 1.0


def test_registered():
    assert {"lgl", "gwn", "timeml", "lgl-baseline", "gwn-baseline", "timeml-baseline"} <= set(
        EVALUATORS
    )


@pytest.mark.slow
def test_real_gold_floors(extractor, shared):
    """Floors well below today's figures, on a slice of the real gold, to catch collapses."""
    lgl = run("lgl", shared / "eval/geo/lgl.xml", extractor=extractor, limit=15)
    assert lgl["recall"] > 0.5 and lgl["accuracy_161km"] > 0.6
    timeml = run(
        "timeml", shared / "eval/time/TBAQ-cleaned/TimeBank", extractor=extractor, limit=15
    )
    assert timeml["span_recall"] > 0.8 and timeml["value_accuracy"] > 0.6
