"""Date resolution: tense, granularity and TimeML's values, on `resolve` and on parsed text."""

from __future__ import annotations

import pytest

from kronika.annotate.dates import granularity_of, resolve
from kronika.records import Document

BASE = "2022-05-24"  # a Tuesday


@pytest.mark.parametrize(
    ("text", "tense", "value", "granularity"),
    [
        ("on Tuesday", "past", "2022-05-24", "day"),  # the article's own day, by convention
        ("on Tuesday", "future", "2022-05-31", "day"),
        ("on Friday", "past", "2022-05-20", "day"),
        ("on Friday", "future", "2022-05-27", "day"),
        ("in 1991", "past", "1991", "year"),
        ("last June", "past", "2021-06", "month"),
        ("early December", "past", "2021-12", "month"),
        ("late May", "past", "2022-05", "month"),
        ("in recent years", "past", "PAST_REF", "vague"),
        ("in the coming months", "future", "FUTURE_REF", "vague"),
        ("now", "present", "PRESENT_REF", "vague"),
        ("next year", "future", "2023", "year"),
        ("two days ago", "past", "2022-05-22", "day"),
        ("last week", "past", "2022-05-16", "week"),
        ("earlier this month", "past", "2022-05", "month"),
        ("the third quarter", "past", "2021-Q3", "quarter"),
        ("the first quarter", "past", "2022-Q1", "quarter"),
        ("this summer", "future", "2022-SU", "season"),
        ("the 1990s", "past", "199", "decade"),
        ("three years", "past", "P3Y", "duration"),
        ("between 2015 and 2018", "past", "2015/2018", "range"),
        ("nineteen ninety-six", "past", "1996", "year"),
    ],
)
def test_resolve(text, tense, value, granularity):
    assert resolve(text, BASE, tense) == (value, granularity)


def test_a_year_earlier_takes_the_previous_expressions_granularity():
    assert resolve("a year earlier", BASE, "past", "2022-Q1") == ("2021-Q1", "quarter")
    assert resolve("a year earlier", BASE, "past", None) == ("2021", "year")


def test_no_article_date_leaves_relative_expressions_unresolved():
    assert resolve("on Tuesday", None, "past") == (None, "unknown")
    assert resolve("in 1991", None, "past") == ("1991", "year")


def test_granularity_of_unknown_value():
    assert granularity_of(None) == "unknown"
    assert granularity_of("2022-W21-WE") == "weekend"


@pytest.mark.slow
def test_tense_of_the_clause_decides_the_weekday(extractor):
    text = "The minister met his counterpart on Tuesday. He will travel to Paris on Friday."
    extraction = extractor.extract(Document(text=text, date=BASE))
    values = {d.text: d.value for d in extraction.dates}
    assert values["on Tuesday"] == "2022-05-24"
    assert values["on Friday"] == "2022-05-27"
    for mention in extraction.dates:
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.slow
def test_vague_and_anchored_expressions_in_text(extractor):
    text = (
        "Profit rose 5% in the third quarter. A year earlier it had fallen. "
        "In recent years the firm has grown, and it is now the largest in the region."
    )
    extraction = extractor.extract(Document(text=text, date="2022-10-20"))
    values = {d.text.lower(): d.value for d in extraction.dates}
    assert values["in the third quarter"] == "2022-Q3"
    assert values["a year earlier"] == "2021-Q3"
    assert values["in recent years"] == "PAST_REF"
    assert values["now"] == "PRESENT_REF"
