"""The event coder's mechanisms, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kronika.records import Document


def events_of(extractor, text, date="2021-03-10"):
    extraction = extractor.extract(Document(text=text, date=date))
    return [
        (e.source.code, e.target.code if e.target else None, e.cameo, e.modality, e.negated)
        for e in extraction.events
    ]


def test_subject_verb_object(extractor):
    assert ("FRA", "RUS", "111", "asserted", False) in events_of(
        extractor, "France condemned Russia."
    )


def test_passive_voice_swaps_roles(extractor):
    found = events_of(extractor, "Kenya was attacked by Somalia.")
    assert any(s == "SOM" and t == "KEN" and c.startswith("19") for s, t, c, *_ in found)


def test_compound_subjects_are_reciprocal_for_consultations(extractor):
    found = {(s, t) for s, t, c, *_ in events_of(extractor, "Iran and Tajikistan met on Monday.")}
    assert {("IRN", "TJK"), ("TJK", "IRN")} <= found


def test_nominal_event_between_two_sides(extractor):
    found = {
        (s, t, c) for s, t, c, *_ in events_of(extractor, "Talks between Chile and Peru ended.")
    }
    assert ("CHL", "PER", "046") in found and ("PER", "CHL", "046") in found


def test_prepositional_target(extractor):
    found = events_of(extractor, "The United States imposed sanctions on Iran.")
    assert any(s == "USA" and t == "IRN" and c.startswith("16") for s, t, c, *_ in found)


def test_intent_becomes_a_03_code(extractor):
    found = events_of(extractor, "Japan will provide aid to Nepal.")
    assert any(
        s == "JPN" and t == "NPL" and c.startswith("03") and m == "intent"
        for s, t, c, m, _ in found
    )


def test_negated_conflict_stays_negated(extractor):
    found = events_of(extractor, "Egypt did not attack Libya.")
    assert found and all(negated for *_, negated in found if _[2].startswith("19"))


def test_refused_cooperation_is_a_rejection(extractor):
    found = events_of(extractor, "Syria will not accept more refugees from Iraq.")
    assert any(s == "SYR" and c.startswith("12") for s, t, c, *_ in found)


def test_conditionals_are_hypothetical(extractor):
    found = events_of(extractor, "If talks fail, Greece would attack Turkey.")
    assert any(m == "hypothetical" for *_, m, _n in found)


def test_requested_actions_are_not_facts(extractor):
    found = events_of(extractor, "Germany urged Russia to release the prisoners.")
    assert any(s == "DEU" and c.startswith(("02", "10")) for s, t, c, *_ in found)
    assert all(m == "requested" for s, t, c, m, _ in found if c.startswith("08"))


def test_agent_of_an_accusation(extractor):
    found = events_of(extractor, "Ukraine accused Russia of shelling Kharkiv.")
    assert any(s == "UKR" and t == "RUS" and c.startswith("11") for s, t, c, *_ in found)


def test_reported_pronoun_takes_the_speakers_actor(extractor):
    found = events_of(extractor, "Hungary said it will support Serbia.")
    assert any(s == "HUN" and t == "SRB" for s, t, *_ in found)


def test_no_event_has_the_same_source_and_target(extractor):
    text = "Iran praised Iran. Israeli troops and Israeli police clashed with each other."
    assert all(s != t for s, t, *_ in events_of(extractor, text))


@pytest.mark.parametrize(
    "text",
    ["The weather was fine on Tuesday.", "Prices rose sharply in March."],
)
def test_ordinary_sentences_code_nothing(extractor, text):
    assert events_of(extractor, text) == []


def test_event_carries_provenance(extractor):
    extraction = extractor.extract(
        Document(text="Brazil condemned Argentina in Buenos Aires.", date="2020-02-02")
    )
    event = next(e for e in extraction.events if e.cameo.startswith("11"))
    text = extraction.document.text
    assert text[event.trigger.start : event.trigger.end] == "condemned"
    assert "verbs.tsv:" in event.rule
    assert event.sentence.startswith("Brazil condemned")
    assert event.date == "2020-02-02"
    assert event.location and event.location["country"] == "ARG"
    assert 0 < event.confidence <= 1


def test_reported_attacks_are_accusations_or_claims(extractor):
    accused = events_of(extractor, "Kenya said that Somalia had attacked its border posts.")
    assert any(s == "KEN" and t == "SOM" and c == "112" for s, t, c, *_ in accused)
    claimed = events_of(extractor, "Russia claimed that it had attacked Georgia.")
    assert any(s == "RUS" and t == "GEO" and c == "015" for s, t, c, *_ in claimed)
