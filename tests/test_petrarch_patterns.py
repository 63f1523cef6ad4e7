"""PETRARCH verb patterns (coding/petrarch.py) matched on spaCy's parse."""

from __future__ import annotations

import pytest

from kronika.coding.petrarch import PetrarchVerbs, parse_pattern
from kronika.knowledge.petrarch import import_file

VERBS = """&CURRENCY
+DOLLAR
+SWISS_FRANC
&TIETYPES
+MILITARY
+ECONOMIC
--- ABANDON [345] ---
ABANDON
- * NEW_&TIETYPES_RELATIONS [903]
- * IMPROVED &TIETYPES RELATIONS [904]
- * EFFORT [987]
--- CONTRIBUTE [070] ---
CONTRIBUTE
- * &CURRENCY [903]
--- RUSH [---] ---
RUSH
SPEED {SPEEDING SPEEDS SPED}
- * (TO BORDER) [154]
- * AID [070]
--- FREE [066] ---
FREE
- + * FROM $ [066]
--- LEAVE [032:033] ---
LEAVE {LEFT LEAVING LEAVES}
--- EXCLUDE [1721] ---
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF}
--- AGREE [---] ---
AGREE
- % * [030:030]
- * WITH % [031]
--- RECEIVE [033] ---
RECEIVE
- + * MONEY $ [071]
--- CELEBRATE [181] ---
CELEBRATE
- + HOSTING * MAY_DAY $ [046]
- * IFTAR AT ^ ^ + [044]
- * EID AT ^ WITH + [043]
--- CRITICIZE [121] ---
CRITICIZE
--- DEPART [032] ---
DEPART
--- RESTORE [064] ---
RESTORE
- * FXLL DIPLOMATIC [+++]
- * DIPLOMATIC [064]
- * THE FULL [099]
--- BOYCOTT [191] ---
BOYCOTT
- NEITHER * [081]
--- REGRET [111] ---
REGRET
- NOTED + * [115]
--- WELCOME [041] ---
WELCOME
- * ASSURANCES FROM [913]
--- ARREST [212] ---
ARREST
"""


@pytest.fixture(scope="module")
def verbs(tmp_path_factory) -> PetrarchVerbs:
    folder = tmp_path_factory.mktemp("verbs")
    source = folder / "verbs.txt"
    source.write_text(VERBS, encoding="utf-8")
    _, table, _ = import_file(source, folder / "out", [])
    loaded = PetrarchVerbs()
    assert loaded.load(table) == (16, 19)
    return loaded


def match(extractor, verbs, text, lemma):
    doc = extractor.nlp(text)
    verb = next(t for t in doc if t.lemma_.lower() == lemma or t.lower_ == lemma)
    return verbs.match(verb)


@pytest.mark.parametrize(
    "text, lemma, code",
    [
        ("Arnor will abandon new economic relations with Gondor.", "abandon", "903"),
        ("Arnor will abandon improved global military relations with Gondor.", "abandon", "904"),
        ("Arnor will abandon new global economic relations with Gondor.", "abandon", "345"),
        ("Arnor will contribute a million dollars to Gondor.", "contribute", "903"),
        ("Arnor will contribute a million Swiss francs to Gondor.", "contribute", "903"),
        ("Arnor will contribute a million rupees to Gondor.", "contribute", "070"),
        ("Gondor rushed troops to the northern border.", "rush", "154"),
        ("Gondor sped aid to Arnor.", "sped", "070"),
        ("Soldiers cordoned off the roads into Mordor.", "cordoned", "1721"),
    ],
)
def test_the_most_specific_pattern_gives_the_code(extractor, verbs, text, lemma, code):
    found = match(extractor, verbs, text, lemma)
    assert found is not None and found.code == code, found


def test_a_verb_class_without_a_code_and_no_pattern_is_no_event(extractor, verbs):
    assert match(extractor, verbs, "The runners rushed home.", "rush") is None


def test_markers_say_where_source_and_target_are(extractor, verbs):
    found = match(extractor, verbs, "The hostages were freed from Barad-dur.", "free")
    assert found.code == "066"
    (source,) = found.sources
    assert "Barad" in [t.text for t in source.subtree]
    assert [t.text for t in found.targets] == ["hostages"]


def test_a_passive_code_is_the_event_the_other_way(extractor, verbs):
    found = match(extractor, verbs, "The minister left for Minas Tirith.", "leave")
    assert (found.code, found.passive) == ("032", "033")


def test_a_compound_subject_pattern_needs_one(extractor, verbs):
    both = match(extractor, verbs, "France and Chile agree that the dispute is over.", "agree")
    assert both is not None and both.compound and both.code == "030"
    assert match(extractor, verbs, "France agrees that the dispute is over.", "agree") is None


def test_in_tabaris_reading_words_and_verbs_match_as_petrarch_writes_them(extractor, verbs):
    doc = extractor.nlp("Gollum abandoned efforts to stop the parade.")
    # a pattern's word as written ("EFFORT" is not "efforts"; a synset member's plural is
    # its member), with kronika's reading any form of it
    assert verbs.match(doc[1]).code == "345"
    assert verbs.match(doc[1], strict=True).code == "987"
    francs = match(extractor, verbs, "Arnor will contribute a million Swiss francs.", "contribute")
    assert francs.code == "903"
    # a verb in its forms: "departes" is none of "depart"'s
    assert match(extractor, verbs, "Ethiopia departed from Libya.", "depart").code == "032"
    assert match(extractor, verbs, "Ethiopia departes from Libya.", "depart") is None


@pytest.mark.parametrize(
    "text, lemma, code",
    [
        # "[+++]", TABARI's complex event, is a pattern PETRARCH leaves out
        ("Arnor will restore fxll diplomatic ties.", "restore", "064"),
        # the pattern's words in its order: "THE" before "FULL"
        ("Arnor will restore the full diplomatic ties.", "restore", "099"),
        ("Arnor will restore full diplomatic ties with the Gondor group.", "restore", "064"),
        # any word, a determiner too
        ("Neither Galadriel nor Gollum boycotted the parade.", "boycott", "081"),
        # the words after the verb to the end of its phrase, its clauses too
        ("Calenardhon welcomed assurances sent from Bree.", "welcome", "913"),
    ],
)
def test_in_tabaris_reading_patterns_read_as_tabari_wrote_them(extractor, verbs, text, lemma, code):
    found = match(extractor, verbs, text, lemma)
    assert found is not None and found.code == code, found


def test_a_compound_after_the_verb_is_no_compound_subject(extractor, verbs):
    found = match(extractor, verbs, "Eriador agrees with Chile and France on it.", "agree")
    assert found.code == "031" and not found.compound
    assert match(extractor, verbs, "Eriador agrees with Chile on it.", "agree") is None


@pytest.mark.parametrize(
    "text, lemma, code, sources, targets",
    [
        # a marker after a word: the phrase that follows it
        ("Eriador has received by courier money from Osgiliath.", "receive", "071",
         ["Osgiliath"], ["Eriador"]),
        # before a word: the phrase before it, in the clause above ("hosting ... to celebrate")
        ("Mordor will be hosting Osgiliath to celebrate May Day with Eriador next week.",
         "celebrate", "046", ["Eriador"], ["Mordor"]),
        # markers in a row: the phrases one after the other ("^ ^ +": the third is the target)
        ("Arnor celebrated Iftar at Osgiliath with the parliament of Gondor.", "celebrate",
         "044", [], ["Gondor"]),
    ],
)  # fmt: skip
def test_in_tabaris_reading_markers_stand_for_the_phrases_next_to_the_pattern_words(
    extractor, verbs, text, lemma, code, sources, targets
):
    found = match(extractor, verbs, text, lemma)
    assert found is not None and found.code == code, found
    assert [t.text for t in found.sources] == sources
    assert [t.text for t in found.targets] == targets


@pytest.mark.parametrize(
    "text, problem",
    [
        ("* (WITH VISIT) VISIT)", "unmatched ')'"),
        ("* (IN &WEATHER)", "synset &WEATHER is not defined"),
        ("* (TO", "'(' without ')'"),
    ],
)
def test_unreadable_patterns_say_why(text, problem):
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse_pattern(text, "010", "SAY", {}, "x.txt:1")


def test_the_cameo_patterns_all_read(extractor):
    from kronika.coding.cameo import cameo_table
    from kronika.coding.patterns import PatternSet

    patterns = PatternSet(cameo_table())
    count = sum(len(patterns.petrarch.class_patterns(c)) for c in patterns.petrarch.class_codes)
    assert count >= 4_600
    assert patterns.petrarch.codes() <= set(cameo_table().codes)


def test_cameo_patterns_fill_gaps_in_kronikas_own(extractor):
    from kronika.records import Document

    text = "An Egyptian court upheld the prison sentences of three Al Jazeera journalists."
    events = extractor.extract(Document(text=text, date="2014-06-23")).events
    removal = [e for e in events if e.rule.startswith("petrarch:uphold")]
    assert removal and removal[0].cameo.startswith("17"), [(e.cameo, e.rule) for e in events]
    assert "CAMEO.2.0.txt:" in removal[0].rule


OWN_VERBS = """--- HURT [180] ---
HURT
RIP {RIPS RIPPED RIPPING}
- * &LEADER [185]
--- GRANT [060] ---
GRANT
AWARD
CONTRIBUTE
- * ARMS [072]  # CONTRIBUTE
- * LAND [071]  # AWARD , GRANT
--- MOVE [---] ---
MOVE
- * INTO [192]  # MOVE
- * TROOPS [154]  # MOVE
&LEADER
+PRESIDENT
"""


@pytest.fixture(scope="module")
def own_verbs(tmp_path_factory) -> PetrarchVerbs:
    folder = tmp_path_factory.mktemp("own")
    source = folder / "verbs.txt"
    source.write_text(OWN_VERBS, encoding="utf-8")
    _, table, _ = import_file(source, folder / "out", [])
    loaded = PetrarchVerbs()
    loaded.load(table, own_verbs=True)
    return loaded


def test_a_pattern_comment_names_the_verbs_it_was_written_for(tmp_path):
    from kronika.knowledge.petrarch_verbs import comment_verbs

    assert comment_verbs("- * ARMS [072]  # CONTRIBUTE") == ("CONTRIBUTE",)
    assert comment_verbs("- * LAND [071] # AWARD , GRANT, AWARD") == ("AWARD", "GRANT")
    assert comment_verbs("- * X [071] # BLOWN UP") == ("BLOWN_UP",)
    assert comment_verbs("- * X [071] # sls 31 Mar 2008") == ()
    assert comment_verbs("- * X [071]") == ()
    source = tmp_path / "verbs.txt"
    source.write_text(OWN_VERBS, encoding="utf-8")
    _, table, _ = import_file(source, tmp_path / "out", [])
    rows = table.read_text(encoding="utf-8").splitlines()
    assert "GRANT\tpattern\t* LAND\t071\tverbs.txt:10\tAWARD,GRANT" in rows


@pytest.mark.parametrize(
    "text, lemma, code",
    [
        # written for CONTRIBUTE and for AWARD: each counts for its own verbs only
        ("Arnor contributed arms to Gondor.", "contribute", "072"),
        ("Arnor awarded arms to Gondor.", "award", None),
        ("Arnor awarded land to Gondor.", "award", "071"),
        # a pattern without a comment is its class's: "hurt", not the synonym "rip"
        ("The senator ripped the president over his plan.", "rip", None),
        ("The blast hurt the president.", "hurt", "185"),
    ],
)
def test_with_own_verbs_a_pattern_counts_for_the_verbs_it_was_written_for(
    extractor, own_verbs, text, lemma, code
):
    found = match(extractor, own_verbs, text, lemma)
    assert (found.code if found and found.pattern else None) == code, found


def test_without_own_verbs_a_pattern_is_the_whole_class_s(extractor, tmp_path):
    source = tmp_path / "verbs.txt"
    source.write_text(OWN_VERBS, encoding="utf-8")
    _, table, _ = import_file(source, tmp_path / "out", [])
    loaded = PetrarchVerbs()
    loaded.load(table)
    found = match(extractor, loaded, "Arnor awarded arms to Gondor.", "award")
    assert found is not None and found.code == "072"


def test_a_pattern_of_prepositions_only_names_no_words(own_verbs):
    patterns = {p.text: p for p in own_verbs.class_patterns("MOVE")}
    assert not patterns["* INTO"].has_words
    assert patterns["* TROOPS"].has_words


@pytest.mark.parametrize(
    "text",
    [
        "Senator Warren ripped the president over his tax plan.",
        "Foreign banks moved into Istanbul and reaped the benefits of trade finance.",
        "Banks administer the holdings of small shareholders in safe custody accounts.",
    ],
)
def test_cameo_patterns_of_other_verbs_or_without_words_code_nothing_in_news(extractor, text):
    from kronika.records import Document

    events = extractor.extract(Document(text=text, date="2020-01-01")).events
    assert not [e for e in events if e.rule.startswith("petrarch:")], [e.rule for e in events]


@pytest.fixture(scope="module")
def triples(tmp_path_factory):
    """The (source, target, code) triples coded with a user's PETRARCH dictionaries in place
    of kronika's."""
    from kronika.pipeline import Extractor
    from kronika.records import Document

    folder = tmp_path_factory.mktemp("mine")
    (folder / "mine.verbs.txt").write_text(VERBS, encoding="utf-8")
    (folder / "mine.actors.txt").write_text(
        "ARNOR [ARN]\nGONDOR [GON]\nMINAS_TIRITH [GON]\nTELEMAR [DAG]\nERIADOR [ERI]\n"
        "PHILIPPINES [PHL]\nOSGILIATH [OSG]\nCALENARDHON [CAL]\n",
        encoding="utf-8",
    )
    (folder / "mine.discards.txt").write_text("BASEBALL_\n", encoding="utf-8")
    (folder / "mine.agents.txt").write_text(
        "MSF {} [NGO~]\nOFFICIAL [~GOV]\nDIPLOMAT [~GOV]\nPOLICE {} [~COP]\nSTUDENT [~EDU]\n"
        "MAIN_OPPOSITION_GROUP [~MOP]\nOPPOSITION_GROUP [~OPP]\n",
        encoding="utf-8",
    )
    custom = Extractor(dictionaries=[folder], builtin=False)

    def coded(text, new_actor_length=0):
        custom.events.patterns.new_actor_length = new_actor_length
        try:
            found = custom.extract(Document(text=text, date="1995-01-01")).events
        finally:
            custom.events.patterns.new_actor_length = 0
        return {(e.source.code, e.target.code, e.cameo) for e in found}

    return coded


def test_a_users_petrarch_dictionaries_replace_kronikas(triples):
    # a code outside CAMEO, as the dictionary gives it, and no intent recoding for "will"
    assert triples("Arnor will contribute a million dollars to Gondor.") == {("ARN", "GON", "903")}
    # [032:033]: the visit and its hosting
    assert triples("Telemar left for Minas Tirith on Wednesday.") == {
        ("DAG", "GON", "032"),
        ("GON", "DAG", "033"),
    }
    assert triples("Arnor will contribute a million dollars to Gondor for baseball.") == set()
    # kronika's own patterns are not there: "attacked" is in no class of this dictionary
    assert triples("Arnor attacked Gondor.") == set()


def test_with_petrarch_dictionaries_a_passive_without_by_is_read_as_active(triples):
    assert triples("The Philippines was criticized over its dispute with Eriador.") == {
        ("PHL", "ERI", "121")
    }
    assert triples("Eriador was criticized by the Philippines.") == {("PHL", "ERI", "121")}


def test_with_petrarch_dictionaries_the_source_is_the_first_actor_before_the_verb(triples):
    # "- NOTED + *": the subject is the target, and the source the first actor before it
    assert triples("Arnor noted that Gondor regretted the decision.") == {("ARN", "GON", "115")}


def test_with_petrarch_dictionaries_an_actors_code_is_what_they_say(triples):
    # not the country of the place or of the other side, as kronika's conventions have it
    assert triples("Russian police arrested students in Moscow today.") == {
        ("RUSCOP", "---EDU", "212")
    }


def test_with_petrarch_dictionaries_names_the_parser_hung_on_a_name_are_a_list(triples):
    text = (
        "Arnor, Calenardhon and the evil awful Gondor welcomed a resumption of ties with Eriador."
    )
    assert triples(text) == {("ARN", "ERI", "041"), ("CAL", "ERI", "041"), ("GON", "ERI", "041")}


def test_petrarchs_new_actor_length_makes_short_unknown_phrases_sides(triples):
    text = "Gryffindor's head Minerva McGonagall left for Minas Tirith on Wednesday."
    assert triples(text, new_actor_length=4) == {(None, "GON", "032"), ("GON", None, "033")}
    assert triples(text, new_actor_length=3) == set()  # four words
    assert triples(text) == set()


def test_with_petrarch_dictionaries_the_target_is_a_phrase_before_its_modifiers(triples):
    assert triples("Arnor criticized the embargo against the Gondor police.") == {
        ("ARN", "GONCOP", "121")
    }


def test_a_verb_ending_a_chain_of_complements_heads_what_follows_in_its_clause(extractor):
    from kronika.coding.petrarch import in_phrase

    doc = extractor.nlp(
        "Arnor is about to restore full diplomatic ties with Gondor, almost five years after "
        "crowds burned down its embassy, a senior official said on Saturday."
    )
    restore, burned, said = (
        next(t for t in doc if t.lower_ == w) for w in ("restore", "burned", "said")
    )
    assert in_phrase(burned, restore)
    assert not in_phrase(said, restore) and not in_phrase(restore, burned)


def test_with_petrarch_dictionaries_a_coded_verbs_phrase_holds_no_other_event(triples):
    # "leaving" is in the phrase of "celebrated", as PETRARCH resumes after a coded phrase
    assert triples("Arnor celebrated Iftar in Osgiliath after leaving Telemar.") == {
        ("ARN", "OSG", "181")
    }
    # a coordinated verb is a phrase of its own
    assert ("ARN", "GON", "032") in triples("Arnor criticized Eriador and left for Gondor.")


@pytest.mark.parametrize(
    "text, source",
    [
        ("MSF Arnor criticized Gondor.", "NGOARN"),  # "[NGO~]" goes before the actor's code
        ("The primary official news agency criticized Gondor.", "---GOV"),  # an adjective
        ("An MSF Arnor diplomat criticized Gondor.", "NGOARNGOV"),  # more than kronika's
        ("The Telemar main opposition group criticized Gondor.", "DAGMOP"),  # not MOPOPP
    ],
)
def test_with_petrarch_dictionaries_a_phrase_is_coded_by_its_actor_and_agent_words(
    triples, text, source
):
    assert triples(text) == {(source, "GON", "121")}


def test_with_petrarch_dictionaries_codes_are_only_what_the_dictionary_says(triples):
    # no hosted visit read into the celebration [043] the other way (kronika's own reading)
    assert triples("Arnor celebrated Eid at Osgiliath with Gondor.") == {("ARN", "GON", "043")}
    # a target with a country before one without (the ---GOV of "official")
    assert triples("Telemar left for Minas Tirith on his first official visit.") == {
        ("DAG", "GON", "032"),
        ("GON", "DAG", "033"),
    }


def test_petrarch_unit_tests_floor(shared):
    from kronika.evaluate import run

    metrics = run("petrarch-unittest", shared / "eval" / "petrarch" / "unittest")
    assert metrics["records"] == 284
    assert metrics["record_accuracy"] > 0.78 and metrics["f1"] > 0.83


def test_a_word_tied_to_the_verb_must_stand_next_to_it():
    (pre,) = parse_pattern("RECENTLY_*", "025", "ALLOW", {}, "x.txt:1").slots
    (post,) = parse_pattern("*_OUT", "074", "MOVE", {}, "x.txt:2").slots
    (loose,) = parse_pattern("RECENTLY *", "025", "ALLOW", {}, "x.txt:3").slots
    assert (pre.side, pre.adjacent) == ("pre", True)
    assert (post.side, post.adjacent) == ("post", True)
    assert not loose.adjacent


def test_unit_test_records_carry_the_petrarch_options_in_force(tmp_path):
    from kronika.evaluate.petrarch_unittest import read_records

    def sentence(name: str) -> str:
        return (
            f'<Sentence date="19950101" id="{name}" category="X"><EventCoding sourcecode="A" '
            f'targetcode="B" eventcode="010"></EventCoding><Text>{name} said.</Text></Sentence>'
        )

    source = tmp_path / "records.xml"
    source.write_text(
        sentence("one")
        + '<Config option="require_dyad" value="False"></Config>'
        + '<Config option="new_actor_length" value="4"></Config>'
        + sentence("two")
        + '<Config option="require_dyad" value="TRUE"></Config>'
        + '<Config option="new_actor_length" value="0"></Config>'
        + sentence("three"),
        encoding="utf-8",
    )
    records = read_records(source)
    assert [(r["id"], r["require_dyad"], r["new_actor_length"]) for r in records] == [
        ("one", True, 0),
        ("two", False, 4),
        ("three", True, 0),
    ]
    assert records[0]["expected"] == {("A", "B", "010")}


def test_patterns_read_ahead_for_the_cache_warn_of_a_bad_one_when_first_used(tmp_path):
    import pickle
    import warnings

    from kronika.knowledge.tables import DictionaryWarning

    table = tmp_path / "verbs.tsv"
    table.write_text(
        "verb_class\tentry\ttext\tcode\tsource\n"
        "GRANT\tclass\t\t070\tv.txt:1\nGRANT\tverb\tGRANT\t\tv.txt:2\n"
        "GRANT\tpattern\t* AID\t071\tv.txt:3\nGRANT\tpattern\t* (TO\t154\tv.txt:4\n",
        encoding="utf-8",
    )
    read = PetrarchVerbs()
    read.load(table, check=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read.read_all()
    assert caught == []
    copy = pickle.loads(pickle.dumps(read))  # as `coding.patterns.builtin_petrarch` keeps it
    for verbs in (read, copy):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert [p.code for p in verbs.class_patterns("GRANT")] == ["071"]
            verbs.class_patterns("GRANT")  # told once
        assert [issubclass(w.category, DictionaryWarning) for w in caught] == [True]
        assert "'(' without ')'" in str(caught[0].message)
