"""The JSON shape of an extraction (docs/schema.md): keys, types, codes and offsets."""

from __future__ import annotations

import json
import re

import pytest

from kronika.readers import read

pytestmark = pytest.mark.slow

# A fictional story with real countries: a condemnation, a quoted minister with a title,
# a capital city, a weekday and a month.
ARTICLE = (
    " date 2023-03-14 Germany condemned Russia on Monday for the missile strike on the "
    'Ukrainian city of Kharkiv. "This attack is a clear violation of international law," '
    "German Foreign Minister Anna Keller said in Berlin. Poland will send military aid to "
    "Ukraine in April, the Polish government announced.\n"
)

CODE = re.compile(r"^([A-Z]{3}|---)([A-Z]{3})*$")
TOP_KEYS = {"document", "actors", "events", "quotes", "places", "dates", "equipment"}
DOCUMENT_KEYS = {"id", "date", "title", "source", "url", "path", "text"}
ACTOR_KEYS = {"text", "name", "code", "country", "sector", "kind", "role", "start", "end"}
EVENT_KEYS = {
    "source",
    "target",
    "cameo",
    "cameo_name",
    "plover",
    "goldstein",
    "quad_class",
    "date",
    "location",
    "negated",
    "modality",
    "sentence",
    "trigger",
    "rule",
    "confidence",
    "attribution",
}
QUOTE_KEYS = {"speaker", "text", "direct", "verb", "start", "end", "medium", "parts"}
PLACE_KEYS = {
    "text",
    "name",
    "country",
    "lat",
    "lon",
    "kind",
    "geonames_id",
    "start",
    "end",
    "confidence",
    "main",
}
DATE_KEYS = {"text", "value", "granularity", "start", "end"}
EQUIPMENT_KEYS = {"text", "name", "kind", "origin", "start", "end"}
DATE_VALUES = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "week": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "vague": re.compile(r"^(PAST|PRESENT|FUTURE)_REF$"),
    # TimeML-normalised values for coarser or non-calendar expressions.
    "quarter": re.compile(r"^\d{4}-Q[1-4]$"),
    "half": re.compile(r"^\d{4}-H[12]$"),
    "season": re.compile(r"^\d{4}-(SP|SU|FA|WI)$"),
    "weekend": re.compile(r"^\d{4}-W\d{2}-WE$"),
    "decade": re.compile(r"^\d{3}$"),
    "century": re.compile(r"^\d{2}$"),
    "duration": re.compile(r"^P"),
    "range": re.compile(r"^\d{4}(-\d{2})?/\d{4}(-\d{2})?$"),
}


@pytest.fixture(scope="module")
def extraction(extractor, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [document] = read([path])
    return extractor.extract(document)


@pytest.fixture(scope="module")
def data(extraction):
    # Through a JSON round trip, as `kronika extract` prints it.
    return json.loads(json.dumps(extraction.to_dict(), ensure_ascii=False))


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def assert_code(code):
    assert isinstance(code, str), code
    assert CODE.match(code), f"{code!r} is not a CAMEO actor code"


def assert_span(text: str, item: dict, key: str = "text"):
    assert isinstance(item["start"], int) and isinstance(item["end"], int)
    assert 0 <= item["start"] < item["end"] <= len(text)
    assert text[item["start"] : item["end"]] == item[key], item


def test_top_level_keys(data):
    assert TOP_KEYS <= set(data)  # keys are added over time, never removed
    for key in TOP_KEYS - {"document"}:
        assert isinstance(data[key], list), key


def test_to_dict_is_json_serialisable(extraction):
    encoded = json.dumps(extraction.to_dict())
    assert json.loads(encoded)["document"]["date"] == "2023-03-14"


def test_document(data):
    document = data["document"]
    assert DOCUMENT_KEYS <= set(document)  # keys are added over time, never removed
    assert document["date"] == "2023-03-14"
    assert document["id"] == "story"
    assert document["text"].startswith("Germany condemned Russia")
    assert "date 2023-03-14" not in document["text"]


def test_the_story_yields_something_in_every_section_it_has(data):
    # Not a quality measure: the shape checks below are empty-handed without items.
    for key in ("actors", "events", "quotes", "places", "dates"):
        assert data[key], f"no {key} found in a story that has some"


def test_actors(data):
    text = data["document"]["text"]
    for actor in data["actors"]:
        assert ACTOR_KEYS <= set(actor)  # keys are added over time, never removed
        assert_span(text, actor)
        assert isinstance(actor["name"], str) and actor["name"]
        assert_code(actor["code"])
        assert isinstance(actor["kind"], str) and actor["kind"]
        assert actor["role"] is None or isinstance(actor["role"], str)
        if actor["country"] is not None:
            assert re.fullmatch(r"[A-Z]{3}", actor["country"]), actor
            assert actor["code"].startswith(actor["country"])
        if actor["sector"] is not None:
            assert re.fullmatch(r"([A-Z]{3})+", actor["sector"]), actor
            assert actor["code"].endswith(actor["sector"])


def test_actor_codes_are_iso_alpha3(data):
    codes = {a["text"]: a["code"] for a in data["actors"]}
    assert codes.get("Germany") == "DEU"
    assert codes.get("Russia") == "RUS"
    assert not any(re.match(r"^[A-Z]{2}(?![A-Z])", c) for c in codes.values())


def test_events(data):
    text = data["document"]["text"]
    for event in data["events"]:
        assert EVENT_KEYS <= set(event)  # keys are added over time, never removed
        for side in ("source", "target"):
            assert set(event[side]) == {"text", "code"}
            if event[side]["code"] is not None:
                assert_code(event[side]["code"])
        assert event["source"]["code"] is not None
        assert event["source"]["code"] != event["target"]["code"]
        assert isinstance(event["cameo"], str) and re.fullmatch(r"\d{2,4}", event["cameo"])
        assert isinstance(event["cameo_name"], str) and event["cameo_name"]
        assert isinstance(event["goldstein"], float)
        assert -10.0 <= event["goldstein"] <= 10.0
        assert event["quad_class"] in (1, 2, 3, 4)
        assert set(event["plover"]) >= {"type", "mode", "context"}
        assert event["plover"]["type"] is None or event["plover"]["type"].isupper()
        assert_span(text, event["trigger"])
        assert isinstance(event["negated"], bool)
        assert isinstance(event["modality"], str) and event["modality"]
        assert isinstance(event["sentence"], str) and event["sentence"] in text
        assert isinstance(event["rule"], str) and event["rule"]
        assert is_number(event["confidence"]) and 0 < event["confidence"] <= 1
        assert event["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event["date"])
        if event["location"] is not None:
            assert is_number(event["location"]["lat"]) and is_number(event["location"]["lon"])
        assert event["attribution"] is None or isinstance(event["attribution"], dict)


def test_the_condemnation_is_coded(data):
    # One unmistakable sentence, as an end-to-end check that coding runs at all.
    found = [(e["source"]["code"], e["target"]["code"], e["cameo"][:2]) for e in data["events"]]
    assert ("DEU", "RUS", "11") in found


def test_quotes(data):
    text = data["document"]["text"]
    for quote in data["quotes"]:
        assert QUOTE_KEYS <= set(quote)  # keys are added over time, never removed
        assert_span(text, quote)
        assert isinstance(quote["direct"], bool)
        assert quote["verb"] is None or isinstance(quote["verb"], str)
        assert isinstance(quote["speaker"], dict) and "name" in quote["speaker"]
        if quote["speaker"].get("code") is not None:
            assert_code(quote["speaker"]["code"])
    direct = [q for q in data["quotes"] if q["direct"]]
    assert any("violation of international law" in q["text"] for q in direct)


def test_places(data):
    text = data["document"]["text"]
    for place in data["places"]:
        assert PLACE_KEYS <= set(place)  # keys are added over time, never removed
        assert_span(text, place)
        for key in ("lat", "lon"):
            assert place[key] is None or is_number(place[key]), place
        if place["lat"] is not None:
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
        assert place["country"] is None or re.fullmatch(r"[A-Z]{3}", place["country"])
        assert place["geonames_id"] is None or isinstance(place["geonames_id"], int)
        assert is_number(place["confidence"]) and 0 <= place["confidence"] <= 1
        assert isinstance(place["main"], bool)
    assert sum(p["main"] for p in data["places"]) <= 1
    assert any(p["lat"] is not None for p in data["places"])


def test_dates(data):
    text = data["document"]["text"]
    for mention in data["dates"]:
        assert DATE_KEYS <= set(mention)  # keys are added over time, never removed
        assert_span(text, mention)
        if mention["value"] is None:
            assert mention["granularity"] == "unknown"
            continue
        pattern = DATE_VALUES.get(mention["granularity"])
        assert pattern is not None, f"unknown granularity {mention['granularity']!r}"
        assert pattern.match(mention["value"]), mention
    values = {m["text"]: m["value"] for m in data["dates"]}
    assert values.get("on Monday") == "2023-03-13"  # the Monday before Tuesday 14 March


def test_equipment(data):
    text = data["document"]["text"]
    for item in data["equipment"]:
        assert EQUIPMENT_KEYS <= set(item)  # keys are added over time, never removed
        assert_span(text, item)
        assert item["origin"] is None or re.fullmatch(r"[A-Z]{3}", item["origin"])
