"""Text as it arrives: repairs, page furniture and caseless text (kronika.text)."""

from __future__ import annotations

import pytest

from kronika.records import Document
from kronika.text import blank, caseless, furniture, repair, restore_case


def test_mojibake_and_doubled_apostrophes_are_repaired():
    text, repairs = repair("The minister\u00e2\u20ac\u2122s view and the minister''s aide")
    assert text == "The minister\u2019s view and the minister's aide"
    assert repairs == ["mojibake", "doubled apostrophes"]
    assert repair("Nothing to mend here.") == ("Nothing to mend here.", [])


def test_page_furniture_is_blanked_with_offsets_kept():
    text = (
        "Facebook Twitter Linkedin Mail\n"
        "Police arrested 12 people on Monday.\n"
        "Related stories\n"
        "Riots spread to Vadodara\n"
        "Curfew eased in old city\n"
        "The chief minister called for calm.\n"
        "(PTI Photo for representational purposes)\n"
        "Advertisement\n"
        "He said the situation was under control."
    )
    cleaned = blank(text, furniture(text))
    assert len(cleaned) == len(text)
    kept = [line.strip() for line in cleaned.splitlines() if line.strip()]
    assert kept == [
        "Police arrested 12 people on Monday.",
        "The chief minister called for calm.",
        "He said the situation was under control.",
    ]


def test_a_sentence_ending_in_a_full_stop_is_not_a_related_headline():
    text = "Related stories\nThe police said the mob had dispersed by evening."
    assert "The police said" in blank(text, furniture(text))


@pytest.mark.parametrize(
    "text, case",
    [
        ("police arrested fifteen people in the old city area of ahmedabad on monday.", "lower"),
        ("POLICE ARRESTED FIFTEEN PEOPLE IN THE OLD CITY AREA OF AHMEDABAD ON MONDAY.", "upper"),
        ("Police arrested fifteen people in the old city area of Ahmedabad on Monday.", None),
        ("too short", None),
    ],
)
def test_caseless_text_is_recognised(text, case):
    assert caseless(text) == case


def test_case_is_restored_from_what_kronika_knows():
    names = {"ahmedabad": "Ahmedabad", "new delhi": "New Delhi", "bjp": "BJP"}

    def cased(phrase, before="", after=""):
        return names.get(phrase)

    text = "police met bjp leaders in new delhi. then i went to ahmedabad."
    restored = restore_case(text, cased)
    assert restored == "Police met BJP leaders in New Delhi. Then I went to Ahmedabad."
    assert len(restored) == len(text)


@pytest.mark.slow
def test_lower_case_articles_are_parsed_with_names_restored(extractor):
    text = (
        "over 2,500 people have been arrested so far in gujarat since the violence began.\n"
        "police opened fire on a mob in ahmedabad on monday, and the army was called in."
    )
    extraction = extractor.extract(Document(text=text, date="2002-03-05"))
    assert "case restored (lower case text)" in extraction.repairs
    assert {p.country for p in extraction.places} == {"IND"}
    # what the records quote is the document's own text
    assert all(p.text == text[p.start : p.end] for p in extraction.places)
    assert all(e.sentence in text and e.trigger.text.islower() for e in extraction.events)
    assert any(e.source.code == "INDCOP" and e.cameo == "173" for e in extraction.events)


def test_country_abbreviations_in_lower_case_text(extractor):
    text = (
        "the uae formally lifted the trade and travel restrictions on israel on monday, and "
        "the us rolled back tariffs on chinese goods, officials told us."
    )
    extraction = extractor.extract(Document(text=text, date="2020-09-01"))
    codes = {(e.source.code, e.cameo) for e in extraction.events}
    assert {("ARE", "081"), ("USA", "085")} <= codes, codes
    # "us" the pronoun stays a pronoun
    assert not [a for a in extraction.actors if a.text == "us" and a.start > 100]


def test_country_names_iso_writes_otherwise_and_us_before_an_actor_in_lower_case(extractor):
    text = (
        "russia and turkey signed the deal on monday, and britain called for sanctions against"
        " turkey. us troops left the base, the officials told us on tuesday."
    )
    extraction = extractor.extract(Document(text=text, date="2020-09-01"))
    countries = {a.text: a.code for a in extraction.actors if a.kind == "country"}
    assert {"russia": "RUS", "turkey": "TUR", "britain": "GBR"}.items() <= countries.items()
    assert any(a.text == "us troops" and a.code == "USAMIL" for a in extraction.actors)
    assert not [a for a in extraction.actors if a.text == "us" and a.start > 100]


def test_us_dotted_abbreviations_possessives_and_hyphens_in_lower_case(extractor):
    text = (
        "u.s. officials raised tariffs on japan's exports on friday. us negotiators then "
        "suspended the talks with the us-backed council, gen. ali told us in cairo."
    )
    prepared = extractor.text(Document(text=text, date="2020-09-01")).parse_text
    assert prepared.startswith("U.S. officials raised tariffs on Japan's exports")
    assert "US negotiators then suspended" in prepared  # "us" opening a sentence
    assert "US-backed" in prepared and "gen. ali told us" in prepared  # no sentence after "gen."
    extraction = extractor.extract(Document(text=text, date="2020-09-01"))
    assert any(e.source.code.startswith("USA") for e in extraction.events), extraction.events


def test_a_name_with_its_initials_in_brackets_in_lower_case(extractor):
    text = (
        "the civil liberty organization (clo) has demanded the release of the activists, "
        "and those (who) stayed were arrested by the police."
    )
    prepared = extractor.text(Document(text=text, date="2020-09-01")).parse_text
    assert prepared.startswith("The Civil Liberty Organization (CLO) has demanded")
    assert "those (who) stayed" in prepared  # brackets that are no one's initials
    extraction = extractor.extract(Document(text=text, date="2020-09-01"))
    assert any(e.cameo.startswith("10") for e in extraction.events), extraction.events


def test_a_dictionary_written_in_capitals_keeps_its_country_abbreviations(extractor):
    cases = extractor.text.cases
    assert cases("us president") == "US President"


@pytest.mark.slow
def test_capitals_only_articles_are_parsed_too(extractor):
    text = "INDIAN POLICE ARRESTED TWO HUNDRED PROTESTERS IN NEW DELHI ON TUESDAY, OFFICIALS SAID."
    extraction = extractor.extract(Document(text=text, date="2002-03-05"))
    assert "case restored (upper case text)" in extraction.repairs
    assert any(e.source.code == "INDCOP" for e in extraction.events)


@pytest.mark.parametrize(
    "line",
    [
        "CHICAGO, June 1 - USPCI Inc said it would reject the bid.",
        "PORTLAND, Ore., Feb 26 - Red Lion Inns said it would reject the bid.",
        "MOSCOW (Reuters) - Russia said it would reject the bid.",
    ],
)
def test_a_dateline_is_set_apart_from_its_sentence(line):
    from kronika.text import set_apart_datelines

    apart = set_apart_datelines(line)
    assert len(apart) == len(line) and " . " in apart
    assert set_apart_datelines("The rate - he said - rose.") == "The rate - he said - rose."


@pytest.mark.slow
def test_a_dateline_is_no_side_of_the_story_it_opens(extractor):
    text = (
        "CHICAGO, June 1 - USPCI Inc will reject a bid made by Union Pacific Corp, analysts said."
    )
    extraction = extractor.extract(Document(text=text, date="1987-06-01"))
    assert extraction.events and all(e.source.text != "CHICAGO" for e in extraction.events)
    assert [p.text for p in extraction.places] == ["CHICAGO"]


@pytest.mark.parametrize(
    "text, headline",
    [
        ("Kenya Accuses Somalia of Shelling Border Towns", True),
        ("Glenn Smith Rips the Plan at CPAC\n\nThe plan was approved on Monday.", True),
        # a wrapped line of a longer sentence is no headline
        ("Shares rose.\nDeputy Trade Representative John Smith and\nhis aide met.", False),
        ("Kenya accused Somalia of shelling border towns.", False),
        ("KENYA ACCUSES SOMALIA OF SHELLING", False),  # capitals only: the caseless path
        ("Kenya Accuses Somalia", False),  # too short to tell
    ],
)
def test_headline_lines_are_found(text, headline):
    from kronika.text import title_case_lines

    spans = title_case_lines(text)
    assert bool(spans) == headline
    assert all("\n" not in text[a:b] for a, b in spans)


def test_a_headline_is_read_as_a_sentence():
    from kronika.text import restore_title_case

    def cased(phrase, before="", after=""):
        return {"kenya": "Kenya", "somalia": "Somalia", "u.s.": "U.S."}.get(phrase)

    english = {"accuses", "of", "shelling", "border", "towns", "rips", "the", "plan", "at"}
    line = "U.S. Accuses Somalia of Shelling Border Towns"
    restored = restore_title_case(line, cased, english.__contains__)
    assert restored == "U.S. accuses Somalia of shelling border towns"
    # a name kronika does not know, and an acronym, keep the writer's capitals
    assert restore_title_case("Glenn Rips the Plan at CPAC", cased, english.__contains__) == (
        "Glenn rips the plan at CPAC"
    )


@pytest.mark.slow
def test_headlines_are_coded_like_sentences(extractor):
    text = "Ghana Condemns Togo Over Border Raid\n\nAccra said the raid was unprovoked."
    extraction = extractor.extract(Document(text=text, date="2020-01-01"))
    assert "headline case restored" in extraction.repairs
    assert any(
        (e.source.code[:3], e.target and e.target.code[:3], e.cameo) == ("GHA", "TGO", "111")
        for e in extraction.events
    )
    assert all(e.sentence in text for e in extraction.events)  # the document's own words
