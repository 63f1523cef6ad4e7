"""Long documents: parsed in sections, each document under its own guard, and resolution of
actors, places and quotes that grows linearly with the length of a document."""

from __future__ import annotations

import json
import sys
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kronika.annotate.actors import ActorIndex
from kronika.engine import extract_batch
from kronika.parse import parse, parse_many, sections
from kronika.records import Actor, Document

# A paragraph of news with people and pronouns, places, quotes and events; repeated, it
# makes documents of any length with the same mix.
PARAGRAPH = (
    "KABUL, Afghanistan — Gen. Ahmad Rahimi met Foreign Minister Sarah Lindqvist of Sweden "
    "in Kabul on Monday, and he said the two countries would sign a security agreement in "
    'Stockholm next month. "We will not let the border towns near Herat fall to the '
    'militants," Rahimi said. She told reporters that Sweden would send aid to Kandahar and '
    "Mazar-i-Sharif.\n"
    "Police in Jalalabad arrested three men on Tuesday after an attack on a checkpoint "
    "outside the city, officials said. The governor, Mohammad Karimi, said he had asked "
    'Pakistan to close the crossing at Torkham. "They came from across the border," Karimi '
    "said, adding that Islamabad had promised to help.\n"
    "Iran criticized the United States for the sanctions, and Tehran accused Washington of "
    "blocking trade with India. Prime Minister Narendra Modi said India would keep buying "
    'oil from Iran. "Our friends in Tehran know we stand by our word," he said, according '
    "to the Press Trust of India."
)


# Sentences whose resolution once looked back over the whole article: a phrase owned by a
# pronoun ("its troops"), "both countries", sympathy for shootings in a place, a report
# released in a place, acts coded again with the same sides, and a weapon named.
LOOKING_BACK = (
    "Russia said its troops would stay in Syria. Turkey and Iran met in Ankara, and both "
    "countries condemned the attack. The minister expressed sorrow for the shootings in Homs. "
    "A report released in Damascus accused the army of shelling Idlib. Russia condemned the "
    "bombing and the shelling. Russia fired Kalibr missiles at Kharkiv."
)


def long_text(copies: int, paragraph: str = PARAGRAPH) -> str:
    return "\n\n".join([paragraph] * copies)


# -- sections ---------------------------------------------------------------------------


@given(st.text(max_size=3000), st.integers(min_value=1, max_value=400))
@settings(max_examples=300, deadline=None)
def test_sections_join_back_into_the_text(text, size):
    pieces = sections(text, size)

    assert "".join(pieces) == text
    assert all(0 < len(piece) <= size for piece in pieces) or text == ""


def test_sections_end_at_paragraph_breaks():
    text = long_text(10)

    pieces = sections(text, 2_000)

    assert len(pieces) > 1
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])


def test_a_text_without_breaks_is_cut_at_the_size():
    assert sections("x" * 2_500, 1_000) == ["x" * 1_000, "x" * 1_000, "x" * 500]


@pytest.mark.slow
def test_sections_are_joined_into_one_doc_over_the_whole_text(extractor):
    text = long_text(4)

    doc = parse(extractor.nlp, text, section_chars=1_500)
    whole = extractor.nlp(text)

    assert doc.text == text
    assert len(doc) == len(whole)
    # sections end at paragraph breaks, where sentences end anyway
    assert [s.start_char for s in doc.sents] == [s.start_char for s in whole.sents]
    assert {(e.start_char, e.label_) for e in doc.ents if e.label_ == "GPE"} == {
        (e.start_char, e.label_) for e in whole.ents if e.label_ == "GPE"
    }


# -- documents longer than the model takes ----------------------------------------------


@pytest.fixture
def short_model(extractor):
    """The pipeline with spaCy's `max_length` lowered, so a few paragraphs stand in for a
    document over 1,000,000 characters (spaCy's E088)."""
    before = extractor.nlp.max_length
    extractor.nlp.max_length = 3_000
    yield extractor
    extractor.nlp.max_length = before


@pytest.mark.slow
def test_a_document_longer_than_the_model_takes_is_extracted_whole(short_model):
    text = long_text(6)
    assert len(text) > short_model.nlp.max_length

    [record] = extract_batch(short_model, [(Document(text=text, id="long"), "h")])

    assert record["error"] is None
    places = record["extraction"]["places"]
    assert {p["name"] for p in places} >= {"Kabul", "Stockholm", "Tehran"}
    assert max(p["end"] for p in places) > len(text) - len(PARAGRAPH)  # the last section too
    assert all(text[p["start"] : p["end"]] == p["text"] for p in places)
    assert record["parse"] is not None


@pytest.mark.slow
def test_ingest_goes_on_past_a_document_longer_than_the_model_takes(short_model, tmp_path):
    from kronika.store import connect, ingest

    path = tmp_path / "batch.jsonl"
    records = [
        {"id": "short-1", "text": "Iran opened a drone factory in Tajikistan."},
        {"id": "long", "text": long_text(6)},
        {"id": "short-2", "text": "Sweden sent aid to Afghanistan."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    conn = connect(tmp_path / "store.db")

    report = ingest(conn, [path], short_model)

    assert (report.ingested, report.rejected) == (3, 0)
    stored = [r[0] for r in conn.execute("SELECT doc_id FROM documents ORDER BY id")]
    assert stored == ["short-1", "long", "short-2"]


class CountingParser:
    """Stands in for a pipeline: each "Doc" is its text; remembers the batches it was given."""

    max_length = 1_000_000

    def __init__(self):
        self.batches: list[list[str]] = []

    def __call__(self, text):
        self.batches.append([text])
        return text

    def pipe(self, texts, **options):
        self.batches.append(list(texts))
        return iter(self.batches[-1])


def test_a_parse_batch_holds_at_most_so_many_characters_and_documents():
    nlp = CountingParser()
    texts = ["a" * 30, "b" * 30, "c" * 30, "d" * 100, "e" * 10, "f" * 10, "g" * 10, "h" * 10]

    parsed = list(parse_many(nlp, ((t, k) for k, t in enumerate(texts)), batch_size=3,
                             batch_chars=70))  # fmt: skip

    assert parsed == [(t, k) for k, t in enumerate(texts)]  # every text, in order
    assert [len(batch) for batch in nlp.batches] == [2, 1, 1, 3, 1]
    # a text longer than the budget goes alone; no batch exceeds either bound otherwise
    assert nlp.batches[2] == ["d" * 100]
    assert all(sum(map(len, b)) <= 70 and len(b) <= 3 for b in nlp.batches if len(b) > 1)


class BrokenParser:
    """The real pipeline, except that it fails on any text containing 'BOOM'."""

    def __init__(self, nlp):
        self.nlp, self.meta, self.max_length = nlp, nlp.meta, nlp.max_length

    def __call__(self, text):
        if "BOOM" in text:
            raise ValueError("the parser broke")
        return self.nlp(text)

    def pipe(self, texts, as_tuples=False, **options):
        texts = list(texts)
        if any("BOOM" in (t[0] if as_tuples else t) for t in texts):
            raise ValueError("the parser broke")
        return self.nlp.pipe(texts, as_tuples=as_tuples, **options)


@pytest.mark.slow
def test_a_document_that_breaks_the_parser_is_rejected_and_the_batch_goes_on(extractor):
    broken = SimpleNamespace(nlp=BrokenParser(extractor.nlp), annotate=extractor.annotate)
    items = [
        (Document(text="Iran opened a drone factory in Tajikistan.", id="a"), "1"),
        (Document(text="BOOM goes the parser.", id="b"), "2"),
        (Document(text="Sweden sent aid to Afghanistan.", id="c"), "3"),
    ]

    records = extract_batch(broken, items)

    assert [r["error"] for r in records] == [None, "ValueError: the parser broke", None]
    assert records[0]["extraction"]["places"] and records[2]["extraction"]["places"]


@pytest.mark.slow
def test_extract_many_reports_a_failed_document_and_goes_on(extractor, monkeypatch):
    monkeypatch.setattr(extractor, "nlp", BrokenParser(extractor.nlp))
    failed = []
    documents = [
        Document(text="Iran opened a drone factory in Tajikistan.", id="a"),
        Document(text="BOOM goes the parser.", id="b"),
        Document(text="Sweden sent aid to Afghanistan.", id="c"),
    ]

    done = list(extractor.extract_many(documents, on_error=lambda d, why: failed.append(d.id)))

    assert [e.document.id for e in done] == ["a", "c"]
    assert failed == ["b"]


# -- linear resolution ------------------------------------------------------------------


def lines_run(function, *args, **kwargs) -> int:
    """How many lines of Python `function` runs: a measure of its work that, unlike time,
    does not depend on the machine or its load."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        function(*args, **kwargs)
    finally:
        sys.settrace(None)
    return count


def stages(extractor, copies: int, paragraph: str = PARAGRAPH) -> dict[str, int]:
    document = Document(text=long_text(copies, paragraph), date="2020-01-01")
    doc = extractor.nlp(document.text)
    actors = extractor.actors(doc, "2020-01-01")
    countries = Counter(a.country for a in actors.actors if a.country and len(a.country) == 3)
    found = extractor.annotate(doc, document)
    return {
        "actors": lines_run(extractor.actors, doc, "2020-01-01"),
        "places": lines_run(extractor.places, doc, countries, frozenset()),
        "quotes": lines_run(extractor.quotes, doc, actors),
        "events": lines_run(
            extractor.events,
            doc,
            actors,
            date=document.date,
            places=found.places,
            dates=found.dates,
            quotes=found.quotes,
            equipment=found.equipment,
        ),
        "all": lines_run(extractor.annotate, doc, document),
    }


@pytest.mark.slow
def test_resolution_work_grows_linearly_with_the_document(extractor):
    """Twice the text is at most a little over twice the work for actors (pronouns), places,
    quotes, events (each trigger's dates, places and quote) and all of annotation. When each
    name was compared with every other, it was 2.3 to 3.8 times; when each trigger scanned
    the article's places and dates, events took 2.3 times."""
    once, twice = stages(extractor, 6), stages(extractor, 12)

    growth = {stage: twice[stage] / once[stage] for stage in once}

    assert all(ratio < 2.15 for ratio in growth.values()), growth


@pytest.mark.slow
def test_no_sentence_looks_back_over_the_whole_article(extractor):
    """Each copy of `LOOKING_BACK` costs the same work wherever it stands in the article:
    copies 41 to 60 cost what copies 21 to 40 did. When an owned phrase ("its troops")
    rewrote the whole actor index, the second twenty cost 16% more for actors; when "both
    countries" scanned the actors from the article's end, a trigger was compared with the
    triggers of earlier sentences, or scanned all the article's places or weapons, 2% to 6%
    more for events (each alone)."""
    work = [stages(extractor, copies, LOOKING_BACK) for copies in (20, 40, 60)]

    later = {
        stage: (work[2][stage] - work[1][stage]) / (work[1][stage] - work[0][stage])
        for stage in work[0]
    }

    assert all(ratio < 1.01 for ratio in later.values()), later


def actor(start: int) -> Actor:
    return Actor(f"a{start}", f"a{start}", "---MIL", None, "MIL", "group", None, start, start + 1)


def filled_index(size: int) -> tuple[ActorIndex, Actor]:
    """An index of `size` actors, one per token, and the one in the middle."""
    index = ActorIndex()
    for start in range(size):
        index.add(actor(start), range(start, start + 1))
    return index, index.actors[size // 2]


def test_replacing_an_actor_costs_the_same_in_a_long_article():
    small, old_small = filled_index(100)
    large, old_large = filled_index(10_000)

    work = [
        lines_run(i.replace, old, actor(-1)) for i, old in ((small, old_small), (large, old_large))
    ]

    assert work[0] == work[1]


def test_a_replaced_actor_is_gone_from_the_list_and_its_tokens():
    index, old = filled_index(10)
    index.add(old, range(20, 22))  # one actor at two places
    index.add(actor(30), range(21, 22))  # a later actor takes one of its tokens
    new = actor(-1)

    index.replace(old, new)

    assert [a for a in index.actors if a is old] == []
    assert [a for a in index.actors if a is new] == [new, new]
    assert index.by_token[5] is new and index.by_token[20] is new
    assert index.by_token[21].start == 30
    newer = actor(-2)
    index.actors.sort(key=lambda a: -a.start)  # reordered since: still found
    index.replace(new, newer)
    assert sum(a is newer for a in index.actors) == 2 and index.by_token[20] is newer


@given(st.lists(st.integers(0, 50), max_size=30), st.integers(-5, 60))
@settings(max_examples=300, deadline=None)
def test_the_actors_before_an_offset_are_those_a_scan_finds(starts, offset):
    index = ActorIndex()
    for start in sorted(starts):
        index.add(actor(start), range(0))

    found = list(index.before(offset))

    assert found == [a for a in reversed(index.actors) if a.start < offset]


# -- offsets found through an index ---------------------------------------------------------

SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda t: Span(t[0], t[0] + t[1])),
    max_size=15,
)


class Span:
    def __init__(self, start: int, end: int):
        self.start, self.end = start, end


@given(SPANS, st.integers(-5, 90), st.integers(0, 30))
@settings(max_examples=500, deadline=None)
def test_an_indexed_list_answers_as_a_scan_would(items, start, width):
    from kronika.coding.offsets import Indexed

    indexed, end = Indexed(items), start + width

    assert indexed.starting_in(start, end) == [i for i in items if start <= i.start < end]
    assert indexed.overlapping(start, end) == [i for i in items if i.start < end and start < i.end]
    assert indexed.containing(start) == [i for i in items if i.start <= start < i.end]
