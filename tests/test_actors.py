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
