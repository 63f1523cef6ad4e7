"""Place detection and resolution: containers, context, kinds, and names that fail alone."""

from __future__ import annotations

import pytest

from kronika.evaluate.geo import distance_km
from kronika.knowledge.geo import gazetteer
from kronika.records import Document

pytestmark = pytest.mark.slow


def places(extractor, text: str) -> dict[str, object]:
    extraction = extractor.extract(Document(text=text, date="2022-05-24"))
    for place in extraction.places:
        assert text[place.start : place.end] == place.text
        assert 0 <= place.confidence <= 1
    return {p.text: p for p in extraction.places}


def test_city_with_state_abbreviation_lands_in_the_state(extractor):
    found = places(extractor, "A fire broke out in a warehouse in Long Beach, CA on Monday.")
    long_beach = found["Long Beach"]
    assert long_beach.country == "USA" and long_beach.kind == "city"
    assert distance_km(long_beach.lat, long_beach.lon, 33.77, -118.19) < 30
    assert found["CA"].kind == "admin1" and found["CA"].name == "California"


def test_small_town_with_its_province(extractor):
    found = places(extractor, "Police in Pandi, Bulacan arrested two suspects.")
    assert found["Pandi"].country == "PHL"
    assert found["Pandi"].confidence >= 0.8


def test_capital_city_country_and_region(extractor):
    text = "A Tehran-based journalist said Tajikistan matters to Iran in Central Asia."
    found = places(extractor, text)
    assert found["Tehran"].kind == "city" and found["Tehran"].country == "IRN"
    assert found["Tajikistan"].kind == "country" and found["Tajikistan"].country == "TJK"
    assert found["Central Asia"].kind == "region"
    assert sum(p.main for p in found.values()) <= 1


def test_context_picks_the_local_reading(extractor):
    text = (
        "The Rapides Parish sheriff said the fire was set in Alexandria. "
        "Alexandria police are investigating."
    )
    found = places(extractor, text)
    assert found["Alexandria"].country == "USA"
    assert distance_km(found["Alexandria"].lat, found["Alexandria"].lon, 31.31, -92.45) < 50


def test_an_unknown_name_does_not_affect_the_others(extractor):
    with_unknown = places(
        extractor, "Troops moved from Qwertzistan Ridge into Georgia and Tbilisi."
    )
    assert with_unknown["Tbilisi"].country == "GEO"
    assert "Qwertzistan Ridge" not in with_unknown


def test_gazetteer_kinds():
    table = gazetteer()
    kinds = {e.kind for e in table.candidates("Texas")}
    assert "admin1" in kinds and "country" not in kinds  # not the USA
    assert table.candidates("Tajikistan")[0].kind == "country"
    assert any(e.kind == "admin2" for e in table.candidates("Tarrant County"))
    assert table.container("Calif.") == frozenset({"US-CA"})
    assert table.candidates("") == ()
