"""Actor recognition and resolution: metonyms, sectors, coreference, dated entries, user files."""

from __future__ import annotations

import pytest

from kronika.knowledge.actors import ActorDictionary, Agents
from kronika.knowledge.tables import DictionaryError
from kronika.records import Document


def actors_of(extractor, text, date="2022-05-24"):
    return extractor.extract(Document(text=text, date=date)).actors


def code_for(actors, text):
    found = [a.code for a in actors if a.text == text]
    assert found, f"no actor {text!r} among {[(a.text, a.code) for a in actors]}"
    return found[0]


@pytest.mark.parametrize(
    "text, mention, code",
    [
        ("The Kremlin rejected the proposal.", "Kremlin", "RUSGOV"),
        ("The Pentagon announced new deployments.", "Pentagon", "USAMIL"),
        ("Downing Street said talks would continue.", "Downing Street", "GBRGOV"),
        ("The Islamic Republic denied the report.", "Islamic Republic", "IRN"),
        ("Tehran condemned the strikes.", "Tehran", "IRNGOV"),
    ],
)
def test_metonyms(extractor, text, mention, code):
    assert code_for(actors_of(extractor, text), mention) == code


@pytest.mark.parametrize(
    "text, mention, code",
    [
        ("Iran's armed forces held drills.", "Iran’s armed forces", None),
        ("A Tehran-based Iranian journalist wrote the story.", None, "IRNMED"),
        ("Turkish police detained ten people.", None, "TURCOP"),
        ("The French foreign minister arrived.", None, "FRAGOV"),
        ("Protesters gathered outside.", None, "---OPP"),
        ("A former CIA official spoke.", None, "USAELI"),
        ("The Senate majority leader, a Kentucky Republican, spoke.", None, "---LEG"),
        ("Britain's opposition chief whip resigned.", None, "GBRLEG"),
    ],
)
def test_sectors_from_phrases(extractor, text, mention, code):
    actors = actors_of(extractor, text)
    codes = {a.code for a in actors}
    if code is None:
        assert "IRNMIL" in codes
    else:
        assert code in codes, codes


def test_apposition_gives_role_and_country(extractor):
    actors = actors_of(extractor, "Kirill Semenov, a Russian expert, said the plan would fail.")
    semenov = next(a for a in actors if a.name == "Kirill Semenov")
    assert semenov.code.startswith("RUS")
    assert "expert" in (semenov.role or "")


def test_surname_and_pronoun_coreference(extractor):
    text = (
        "Hosein Dalirian, an Iranian journalist, covered the ceremony. "
        "Dalirian said the factory was ready. Later he said more."
    )
    actors = actors_of(extractor, text)
    later = [a for a in actors if a.text in ("Dalirian", "he")]
    assert {a.text for a in later} == {"Dalirian", "he"}
    assert all(a.name == "Hosein Dalirian" and a.code.startswith("IRN") for a in later)


def test_dated_entries_follow_the_article_date(extractor):
    def role(date):
        actors = actors_of(extractor, "Putin met officials.", date)
        return next(a.role for a in actors if a.text == "Putin")

    assert role("2010-01-01") == "prime minister"
    assert role("2015-01-01") == "president"


def test_dictionary_lookup_by_date(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text(
        "names\tcode\trole\tstart\tend\n"
        "Ann Example|Example\tGNDGOV\tpresident\t2001-01-01\t2004-12-31\n"
        "Ann Example|Example\tGNDOPP\topposition leader\t2005-01-01\t\n",
        encoding="utf-8",
    )
    dictionary = ActorDictionary()
    dictionary.load(path)
    assert dictionary.lookup("Example", "2003-06-01").code == "GNDGOV"
    assert dictionary.lookup("Example", "2010-06-01").code == "GNDOPP"
    assert dictionary.lookup("Example", "1990-06-01") is None


def test_former_office_holders_are_elites(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text(
        "names\tcode\trole\tstart\tend\nBo Sample\tGNDGOV\tpresident\t2001-01-01\t2004-12-31\n",
        encoding="utf-8",
    )
    dictionary = ActorDictionary()
    dictionary.load(path)
    assert dictionary.lookup("Bo Sample", "2010-01-01") is None
    former = dictionary.former("Bo Sample", "2010-01-01")
    assert former is not None and former.code == "GNDELI"


def test_user_dictionary_overrides_builtin(tmp_path):
    from kronika.pipeline import Extractor

    (tmp_path / "mine.tsv").write_text(
        "names\tcode\nthe Kremlin|Kremlin\tRUSSPY\nZorblat Institute\tGBREDU\n", encoding="utf-8"
    )
    extractor = Extractor(dictionaries=[tmp_path])
    actors = extractor.extract(
        Document(text="The Kremlin and the Zorblat Institute disagreed.", date="2020-01-01")
    ).actors
    assert code_for(actors, "Kremlin") == "RUSSPY"
    assert code_for(actors, "Zorblat Institute") == "GBREDU"


@pytest.mark.parametrize(
    "content, problem",
    [
        ("names\tcode\nFoo\tirn\n", "is not an actor code"),
        ("name\tcode\nFoo\tIRN\n", "header lacks column(s) names"),
        ("names\tcode\tstart\nFoo\tIRN\t2020-13\n", None),
        ("names\tcode\tstart\nFoo\tIRN\tyesterday\n", "is not a date"),
        ("names\tcode\tstart\tend\nFoo\tIRN\t2020\t2019\n", "is before start"),
        ("names\tcode\n\tIRN\n", "names is empty"),
    ],
)
def test_bad_dictionary_files_name_file_and_line(tmp_path, content, problem):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    if problem is None:
        ActorDictionary().load(path)  # a month of 13 still has the YYYY-MM shape; accepted
        return
    with pytest.raises(DictionaryError) as caught:
        ActorDictionary().load(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_bad_agent_file(tmp_path):
    path = tmp_path / "agents.tsv"
    path.write_text("phrase\tsector\tkind\nvolunteer\tgov\tgroup\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"agents.tsv:2: sector 'gov'"):
        Agents().load(path)


def test_dictionaries_check_cli(tmp_path):
    from click.testing import CliRunner

    from kronika.cli import cli

    (tmp_path / "good.tsv").write_text("names\tcode\nFoo\tIRN\n", encoding="utf-8")
    (tmp_path / "bad.tsv").write_text("names\tcode\nFoo\tIRN\nBar\tiran\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["dictionaries", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "ok:" in result.output and "good.tsv" in result.output
    assert "bad.tsv:3" in result.stderr


def test_pronouns_respect_gender_learnt_from_titles(extractor):
    text = "Mrs. Anna Berg met John Smith on Monday. He said the talks went well. She disagreed."
    names = {a.text: a.name for a in actors_of(extractor, text) if a.kind == "person"}
    assert names["He"] == "John Smith"
    assert names["She"] == "Anna Berg"


@pytest.mark.parametrize(
    "text, code",
    [
        # compounds nested inside compounds still name the organisation of a member
        ("A senior army intelligence service officer testified on Monday.", "---SPY"),
        # a lower-case phrase spaCy marks PERSON is a group, not a person
        ("Two antiwar protesters were detained.", "---OPP"),
        # state media speak for the government (CAMEO's official media, GOVMED) ...
        ("Syrian state television reported the attack.", "SYRGOVMED"),
        ("Chinese state media criticised the visit.", "CHNGOVMED"),  # "media", lemma "medium"
        # ... but "state" leaves sectors other than media alone
        ("The state police arrested two men.", "---COP"),
        # collective nouns take the sector of what they are made of
        ("A rebel coalition attacked the base.", "---REB"),
        ("Police dispersed a group of farmers.", "---AGR"),
        ("A congressional committee opened an inquiry.", "---LEG"),
        ("Ukrainian agricultural workers went on strike.", "UKRAGR"),
        # the presiding officer of a named body has its sector and country
        ("The president of the Bundestag opened the session.", "DEULEG"),
        # a proper noun naming a place of one country gives that country
        ("Massachusetts Institute of Technology signed a deal.", "USAEDU"),
        ("Police in Lagos arrested the suspects.", "NGACOP"),
    ],
)
def test_sector_mechanisms(extractor, text, code):
    codes = {a.code for a in actors_of(extractor, text)}
    assert code in codes, codes


def test_titled_surname_is_the_office_holder_of_the_day(extractor, tmp_path):
    from kronika.pipeline import Extractor

    (tmp_path / "people.tsv").write_text(
        "names\tcode\trole\tstart\tend\n"
        "Ann Halvorsen\tGNDGOV\tforeign minister\t2020-01-01\t2023-12-31\n",
        encoding="utf-8",
    )
    custom = Extractor(dictionaries=[tmp_path])
    text = "Foreign Minister Halvorsen met the envoy."
    assert code_for(actors_of(custom, text, "2022-05-01"), "Halvorsen") == "GNDGOV"
    # Out of office, a bare title and surname is no longer enough to say who it is.
    assert code_for(actors_of(custom, text, "2025-05-01"), "Halvorsen") == "---GOV"
    # Another first name is another person.
    other = actors_of(custom, "Foreign Minister Per Halvorsen met the envoy.", "2022-05-01")
    assert all(a.code != "GNDGOV" for a in other)


def test_in_office_needs_a_single_person(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text(
        "names\tcode\trole\tstart\tend\n"
        "Ann Example\tGNDGOV\tpresident\t2001-01-01\t2004-12-31\n"
        "Bo Example\tGNDLEG\tspeaker\t2003-01-01\t2008-12-31\n",
        encoding="utf-8",
    )
    dictionary = ActorDictionary()
    dictionary.load(path)
    assert dictionary.in_office("Example", "2002-01-01").name == "Ann Example"
    assert dictionary.in_office("Example", "2003-06-01") is None  # two people: ambiguous
    assert dictionary.in_office("Example", "2007-06-01").code == "GNDLEG"


@pytest.mark.parametrize(
    "text, mention, code",
    [
        ("Rosario protested the decision.", "Rosario", "ARGCVL"),  # a town: its people
        ("Rockets hit Dnipro on Friday.", "Dnipro", "UKRCVL"),
        ("Transnistria rejected the offer.", "Transnistria", "MDA"),  # breakaway region
        ("The Riksdag passed the bill.", "Riksdag", "SWELEG"),  # legislature by its name
        ("He said the talks would resume.", "He", "---UNK"),  # a pronoun before any name
    ],
)
def test_places_legislatures_and_unknown_pronouns(extractor, text, mention, code):
    assert code_for(actors_of(extractor, text), mention) == code


@pytest.mark.parametrize(
    "name, country",
    [
        ("Oxford", "GBR"),  # the British city, not the American towns
        ("Massachusetts", "USA"),  # a first-level division
        ("Springfield", "USA"),
        ("Gaza", "PSE"),  # kronika's region before the Mozambican province
        ("Punjab", None),  # a province of two countries
    ],
)
def test_place_country_prefers_a_dominant_namesake(name, country):
    from kronika.annotate.actors import BIG_CITY, place_country

    assert place_country(name, BIG_CITY) == country


def test_modifier_restricted_to_sectors(tmp_path):
    path = tmp_path / "agents.tsv"
    path.write_text(
        "phrase\tsector\tkind\tapplies_to\nnewsletter\tMED\torganisation\t\n"
        "party-run\tPTYMED\tmodifier\tMED|EDU\n",
        encoding="utf-8",
    )
    agents = Agents()
    agents.load(path)
    assert agents.modifiers["party-run"].applies_to == {"MED", "EDU"}
    assert agents.match(["newsletter"]).sector == "MED"


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("", "2022-06-01"),
        ("Today", "2022-06-01"),
        ("10 May 2015", "2015-05-10"),
        ("2021-10-01", "2021-10-01"),
    ],
)
def test_ngec_case_dates(raw, iso):
    from kronika.evaluate.actors import case_date

    assert case_date(raw) == iso


@pytest.mark.parametrize(
    "date, code", [("1999-06-01", "AFGGOV"), ("2005-06-01", "AFGINS"), ("2022-06-01", "AFGGOV")]
)
def test_dated_organisation_rows_override_for_their_period(extractor, date, code):
    actors = actors_of(extractor, "The Taliban closed the border crossing.", date)
    assert code_for(actors, "Taliban") == code


def test_lookup_without_date_prefers_open_entries(tmp_path):
    path = tmp_path / "orgs.tsv"
    path.write_text(
        "names\tcode\tstart\tend\n"
        "Example Force\tGNDREB\t2000\t\n"
        "Example Force\tGNDMIL\t2010\t2020-05-01\n",
        encoding="utf-8",
    )
    dictionary = ActorDictionary()
    dictionary.load(path)
    assert dictionary.lookup("Example Force").code == "GNDREB"
    assert dictionary.lookup("Example Force", "2015-01-01").code == "GNDMIL"


def _demonym_rows():
    from kronika.knowledge.tables import data_path, read_tsv

    for row in read_tsv(data_path("geo", "demonyms.tsv"), ("iso3", "demonyms")):
        for form in row["demonyms"].split("|"):
            yield row["iso3"], form


def test_every_demonym_resolves_to_its_country():
    """Each form in demonyms.tsv, and its plural in -s, codes its own country (countrynames
    alone misses "Chadian" and maps "Mauritian" to Mauritania)."""
    from kronika.knowledge.countries import country_code

    wrong = []
    for iso3, form in _demonym_rows():
        if len(form) <= 3:
            continue  # "Lao": too short to stand alone
        for word in (form, form + "s"):
            if country_code(word) != iso3:
                wrong.append((word, iso3, country_code(word)))
    assert not wrong


def test_every_sovereign_state_has_a_demonym():
    import pycountry

    listed = {iso3 for iso3, _ in _demonym_rows()}
    # UN members and observers (pycountry marks none of them; the dependent territories it
    # lists without a demonym are the ones left out of the check).
    states = {c.alpha_3 for c in pycountry.countries} - {
        "ALA", "ATA", "ATF", "BES", "BLM", "BVT", "CCK", "CXR", "GGY", "HMD", "IOT", "MAF",
        "MNP", "MSR", "NFK", "NIU", "PCN", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA", "TKL",
        "UMI", "VGB", "WLF", "AIA",
        "COG", "DMA",  # their demonyms go to the DR Congo and the Dominican Republic
    }  # fmt: skip
    assert states <= listed, sorted(states - listed)


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("EC", None),  # the European Community, not Ecuador
        ("AU", None),  # the African Union, not Australia
        ("UK", "GBR"),
        ("U.S.", "USA"),
    ],
)
def test_two_letter_words_are_not_country_codes(word, code):
    from kronika.knowledge.countries import country_code

    assert country_code(word) == code


@pytest.mark.parametrize(
    ("word", "code"),
    [("James", None), ("Tajiks", "TJK"), ("Omanis", "OMN"), ("Swedes", "SWE")],
)
def test_a_plural_is_read_back_to_a_demonym_not_to_an_abbreviation(word, code):
    from kronika.knowledge.countries import country_code

    assert country_code(word) == code


def test_a_person_called_james_is_not_jamaican(extractor):
    actors = actors_of(extractor, "James Bopp, a lawyer, said the case was weak.")
    assert not any((a.code or "").startswith("JAM") for a in actors), actors


@pytest.mark.parametrize(
    "text, mention, code",
    [
        ("Burundian soldiers crossed into Congo.", "Burundian soldiers", "BDIMIL"),
        ("Nigerien militants ambushed a convoy.", "Nigerien militants", "NERREB"),
        ("Ecuadorian police detained two men.", "Ecuadorian police", "ECUCOP"),
        ("Bhutanese refugees arrived at the camp.", "Bhutanese refugees", "BTNREF"),
        ("Iraqi suicide bombers struck a market.", "Iraqi suicide bombers", "IRQREB"),
        ("Mauritian officials met the delegation.", "Mauritian officials", "MUSGOV"),
    ],
)
def test_demonyms_and_perpetrator_nouns(extractor, text, mention, code):
    assert code_for(actors_of(extractor, text, "1995-03-01"), mention) == code


@pytest.mark.parametrize(
    "text, mention, code",
    [
        ("The EEC lifted its ban on British beef imports.", "EEC", "IGOEUREEC"),
        ("The Common Market agreed on farm prices.", "Common Market", "IGOEUREEC"),
        ("The Organization of African Unity criticised Pretoria.", None, "IGOAFU"),
        ("The CSCE sent observers to Moscow.", "CSCE", "IGOOSC"),
        ("The European Parliament condemned the arrests.", "European Parliament", "IGOEUREECLEG"),
    ],
)
def test_former_and_regional_igo_names_follow_the_cameo_codebook(extractor, text, mention, code):
    actors = actors_of(extractor, text, "1989-06-01")
    if mention is None:
        assert code in {a.code for a in actors}, [(a.text, a.code) for a in actors]
    else:
        assert code_for(actors, mention) == code


@pytest.mark.parametrize(
    ("code", "sector", "organisation"),
    [
        ("IGOEUREECLEG", "LEG", "IGOEUREEC"),
        ("IGOEUREEC", None, "IGOEUREEC"),
        ("IGOUNOJUD", "JUD", "IGOUNO"),
        ("IGONAT", None, "IGONAT"),
    ],
)
def test_regional_igo_codes_split_into_organisation_and_sector(code, sector, organisation):
    from kronika.annotate.actors import code_sector, organisation_prefix

    assert code_sector(code) == sector
    assert organisation_prefix(code) == organisation


@pytest.mark.parametrize(
    ("text", "date", "mention", "code"),
    [
        # 1980s office holders (the Reuters-21578 period)
        ("Volcker told Congress that rates would stay high.", "1986-05-02", "Volcker", "USAGOV"),
        ("Takeshita met bankers in Tokyo.", "1988-02-10", "Takeshita", "JPNGOV"),
    ],
)  # fmt: skip
def test_country_names_as_people_and_1980s_office_holders(extractor, text, date, mention, code):
    assert code_for(actors_of(extractor, text, date), mention) == code


@pytest.mark.parametrize(("word", "code"), [("Peru", "PER"), ("Chad", "---")])
def test_a_country_name_the_model_takes_for_a_person(extractor, word, code):
    """A one-word PERSON that is a country name is the country, unless the name is also a
    given name ("Chad")."""
    from spacy.tokens import Doc

    doc = Doc(extractor.nlp.vocab, words=[word, "rejected", "the", "plan"],
              ents=["B-PERSON", "O", "O", "O"])  # fmt: skip
    actor = extractor.actors.resolve_named(doc.ents[0], "1987-03-01", {})
    assert actor is not None and actor.code == code


@pytest.mark.parametrize(
    ("text", "mention", "wrong"),
    [
        # acronyms are not the towns or countries of those letters
        ("The GAO said the program was over budget.", "GAO", "MLI"),
        ("Officials said the VAT would rise next year.", "VAT", "VAT"),
        # a region spanning countries is not a province of the same name
        ("Shipping in the Gulf was disrupted again.", "Gulf", "PNG"),
        ("Farmers in the South protested.", "South", "CMR"),
    ],
)
def test_acronyms_and_shared_regions_are_not_namesake_places(extractor, text, mention, wrong):
    actors = actors_of(extractor, text, "1987-05-01")
    assert all(not (a.code or "").startswith(wrong) for a in actors if a.text == mention)


def test_a_surname_run_into_a_country_does_not_capture_the_country(extractor):
    """spaCy sometimes runs a surname into the next line's country ("Funaro\\nBrazil"); the
    later mentions of the country stay the country."""
    text = (
        "Finance minister Dilson Funaro arrived on Monday. Talks with Funaro\nBrazil officials "
        "went well, bankers said. Brazil wants new loans."
    )
    actors = actors_of(extractor, text, "1987-03-01")
    assert [a.code for a in actors if a.text == "Brazil"] == ["BRA"]


@pytest.mark.parametrize(
    "text, mention, code",
    [
        # "its" takes the country of the clause's subject ...
        ("France pulled its troops out of Mali.", "its troops", "FRAMIL"),
        ("The United States pulled its troops from the region.", "its troops", "USAMIL"),
        # ... of the clause around it when the phrase or "it" is the subject ...
        ("France said its troops would leave Mali by summer.", "its troops", "FRAMIL"),
        ("Germany said it would send its navy to the Baltic.", "its navy", "DEUMIL"),
        # ... only the country: the owner's sector does not carry over
        ("Russia's defence ministry said its navy had sunk a ship.", "its navy", "RUSMIL"),
        # ... or of the previous sentence when the sentence has no other subject
        (
            "France has fought in Mali for a decade. Its troops left on Monday.",
            "Its troops",
            "FRAMIL",
        ),
        # an organisation gives its organisation chunks; "which" stands for the noun
        ("NATO said its troops would stay.", "its troops", "IGONATMIL"),
        (
            "The EU, which sent its troops to Mali, said the vote was fair.",
            "its troops",
            "IGOEUREECMIL",
        ),
        # "their" needs a plural owner
        ("Russian soldiers said their commanders had fled.", "their commanders", "RUSMIL"),
        # "his"/"her" take the person the pronoun refers to
        ("Putin said his troops would stay in Belarus.", "his troops", "RUSMIL"),
        ("Erdogan met the envoy and said his government wanted peace.", "his government", "TURGOV"),
        # ambiguous or absent antecedents leave the country unknown
        ("The United States and Britain sent their forces.", "their forces", "---MIL"),
        ("Russia said their forces were retreating.", "their forces", "---MIL"),
        ("The police said their officers were attacked.", "their officers", "---MIL"),
        ("Its troops left on Monday.", "Its troops", "---MIL"),
        ("Putin told Macron that his troops would stay.", "his troops", "---MIL"),
        ("Putin met Macron on Monday. His government objected.", "His government", "---GOV"),
    ],
)
def test_possessive_pronouns_take_the_country_of_their_antecedent(extractor, text, mention, code):
    assert code_for(actors_of(extractor, text), mention) == code


def test_possessive_country_is_traceable(extractor):
    actors = actors_of(extractor, "France pulled its troops out of Mali.")
    troops = next(a for a in actors if a.text == "its troops")
    assert troops.country == "FRA" and troops.sector == "MIL"
    assert troops.how == "possessive its (France)"


def test_a_dateline_is_not_the_owner(extractor):
    text = "NEW YORK, March 10 - Brazil agreed with its bank advisory committee on a deal."
    assert code_for(actors_of(extractor, text), "its bank advisory committee") == "BRABUS"


@pytest.mark.parametrize(
    "text, mention, code",
    [
        (
            "The Canadian Secretary of State met the envoy.",
            "The Canadian Secretary of State",
            "CANGOV",
        ),
        (
            "The Egyptian army chief of staff flew home.",
            "The Egyptian army chief of staff",
            "EGYMIL",
        ),
    ],
)
def test_agent_phrases_that_run_into_an_of_phrase(extractor, text, mention, code):
    assert code_for(actors_of(extractor, text), mention) == code


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Pro-Russia gunmen seized the building.", "Pro-Russia gunmen"),
        ("Anti-American students marched on Monday.", "Anti-American students"),
    ],
)
def test_a_country_a_group_is_for_or_against_is_not_its_own(extractor, text, mention):
    assert code_for(actors_of(extractor, text), mention).startswith("---")


def test_a_place_name_in_odd_capitals_is_still_the_country(extractor):
    assert code_for(actors_of(extractor, "Ministers flew to eGypt."), "eGypt") == "EGY"


def test_a_known_person_typed_in_lower_case(extractor):
    actors = actors_of(
        extractor, "President putin met the Turkish prime minister.", date="2019-01-01"
    )
    assert [a.code for a in actors if a.text == "putin"] == ["RUSGOV"]


@pytest.mark.parametrize(
    "text, mention, code",
    [
        ("A UN official visited the camp.", "A UN official", "IGOUNO"),
        ("Red Cross inspectors arrived on Monday.", "Red Cross inspectors", "IGOICR"),
    ],
)
def test_the_staff_of_an_international_organisation_are_the_organisation(
    extractor, text, mention, code
):
    assert code_for(actors_of(extractor, text), mention) == code


def test_a_country_name_typed_in_lower_case_is_the_country(extractor):
    actors = actors_of(extractor, "india condemned the attack on its embassy.")
    assert [a.code for a in actors if a.text == "india"] == ["IND"]


def test_a_known_person_before_taking_office_keeps_the_title_given(extractor):
    actors = actors_of(
        extractor,
        "Zimbabwe's opposition leader Morgan Tsvangirai refused to attend the talks.",
        date="2008-08-06",
    )
    assert code_for(actors, "Morgan Tsvangirai") == "ZWEOPP"


def test_representative_before_a_name_is_a_lawmaker(extractor):
    actors = actors_of(extractor, "Representative Jane Doakes of Ohio denied the report.")
    assert code_for(actors, "Jane Doakes").endswith("LEG")


def test_a_credit_union_is_a_business_not_a_labour_union(extractor):
    text = "A Kenyan credit union lent money to farmers, and the union of teachers went on strike."
    actors = actors_of(extractor, text)
    assert code_for(actors, "A Kenyan credit union") == "KENBUS"
    assert code_for(actors, "the union").endswith("LAB")


@pytest.mark.parametrize(
    "text, mention, code",
    [
        # the last word of a country's or a union's name gives no sector ("Union" is no union)
        (
            "The leader of the Soviet Union visited Cuba.",
            "The leader of the Soviet Union",
            "SUNGOV",
        ),
        (
            "The president of the European Union spoke.",
            "The president of the European Union",
            "IGOEUREEC",
        ),
        # a labour union's name still does
        (
            "The head of the Metal Workers Union spoke.",
            "The head of the Metal Workers Union",
            "---LAB",
        ),
    ],
)
def test_an_office_of_a_country_whose_name_ends_in_an_agent_noun(extractor, text, mention, code):
    assert code_for(actors_of(extractor, text, date="1989-01-01"), mention) == code
