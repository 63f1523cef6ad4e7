"""The parse kronika stands on: its compiled attribute ruler and lemmatizer give what spaCy's
give."""

from __future__ import annotations

from pathlib import Path

import pytest

from kronika.nlp import (
    MISREAD,
    PARAGRAPHS,
    CompiledAttributeRuler,
    CompiledLemmatizer,
    model_name,
)

pytestmark = pytest.mark.slow

TEXTS = [
    "Iran's foreign minister didn't meet the envoy in Tehran on Tuesday, officials said.",
    "\"We won't stop,\" said Gen. Mohammad Bagheri.  The U.S. wasn't asked;  it's 9 a.m.\n\n",
    "Ms. Keller hasn't gone -- she's in Berlin's old town, and ain't leaving; y'all know it.",
    "Shares of Apple Inc. rose 3.5% to $190 after the EU's ruling (see p. 4) at 10:30 GMT.",
]


def test_the_compiled_ruler_and_lemmatizer_give_what_spacys_components_give(extractor):
    import spacy
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    stock = spacy.load(model_name())
    stock.add_pipe(PARAGRAPHS, before="parser")  # kronika's own component, compared below
    assert isinstance(extractor.nlp.get_pipe("attribute_ruler"), CompiledAttributeRuler)
    assert isinstance(extractor.nlp.get_pipe("lemmatizer"), CompiledLemmatizer)
    assert extractor.nlp.pipe_names == [*stock.pipe_names, MISREAD]
    texts = list(TEXTS)
    basil = Path(__file__).resolve().parents[2] / "shared" / "news" / "basil.jsonl"
    if basil.is_file():  # and real news, when the shared sample is there
        import json

        lines = basil.read_text(encoding="utf-8").splitlines()[:30]
        texts += [json.loads(line)["text"] for line in lines]
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    with extractor.nlp.select_pipes(disable=[MISREAD]):  # which changes them on purpose
        parsed = list(extractor.nlp.pipe(texts))
    for ours, theirs in zip(parsed, stock.pipe(texts), strict=True):
        assert ours.to_array(columns).tolist() == theirs.to_array(columns).tolist()
        assert [str(t.morph) for t in ours] == [str(t.morph) for t in theirs]
        assert any(t.pos_ for t in ours)  # the attributes were set, not left empty


def test_patterns_it_cannot_read_leave_spacys_component_in_place():
    import spacy

    from kronika.nlp import compile_attribute_ruler

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "who", "OP": "+"}]], {"POS": "PRON"})
    with pytest.raises(ValueError, match="OP"):
        CompiledAttributeRuler(ruler)
    assert compile_attribute_ruler(nlp) is False
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_the_lemma_tables_stay_readable_through_the_compiled_lemmatizer(extractor):
    from kronika.text import common_words, english_nouns

    # the text preparer reads the lemmatizer's word lists to tell names from words
    assert "army" in english_nouns(extractor.nlp)
    assert "attack" in common_words(extractor.nlp)


def test_a_lemmatizer_that_is_not_rule_based_stays_in_place():
    import spacy

    from kronika.nlp import compile_lemmatizer

    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    with pytest.raises(ValueError, match="lookup"):
        CompiledLemmatizer(lemmatizer)
    assert compile_lemmatizer(nlp) is False
    assert nlp.get_pipe("lemmatizer") is lemmatizer


def test_a_blank_line_ends_a_sentence(extractor):
    doc = extractor.nlp("Ghana Condemns Togo Over Border Raid\n\nAccra said the raid was a crime.")
    assert [s.text.strip() for s in doc.sents] == [
        "Ghana Condemns Togo Over Border Raid",
        "Accra said the raid was a crime.",
    ]
    wrapped = extractor.nlp("The army said on Monday\nthat the raid was a crime.")
    assert len(list(wrapped.sents)) == 1  # a single line break is no paragraph


def test_a_noun_the_parser_gives_a_subject_is_a_verb(extractor):
    from kronika.records import Document

    text = "Germany and the UN hand over food aid to the Sudanese authorities."
    with extractor.nlp.select_pipes(disable=[MISREAD]):
        assert extractor.nlp(text)[4].pos_ == "NOUN"  # how the tagger reads "hand"
    hand = extractor.nlp(text)[4]
    assert (hand.text, hand.pos_, hand.tag_, hand.lemma_) == ("hand", "VERB", "VBP", "hand")
    events = extractor.extract(Document(text=text, date="2020-05-01")).events
    assert {(e.source.code, e.target.code if e.target else None) for e in events} >= {
        ("DEU", "SDNGOV")
    }


def test_a_noun_with_its_own_article_stays_a_noun(extractor):
    doc = extractor.nlp("They made him their director of defense policy.")
    assert next(t for t in doc if t.text == "director").pos_ == "NOUN"


def test_a_participle_with_an_object_after_a_bare_noun_is_the_sentence_verb(extractor):
    text = "The company named Shearson Lehman Brothers Inc as manager of the offering."
    with extractor.nlp.select_pipes(disable=[MISREAD]):
        misread = extractor.nlp(text)
    assert (misread[2].dep_, misread[2].tag_) == ("acl", "VBN")  # how the parser reads it
    doc = extractor.nlp(text)
    named, company = doc[2], doc[1]
    assert (named.dep_, named.tag_, company.dep_, company.head.i) == ("ROOT", "VBD", "nsubj", 2)
    assert [s.text for s in doc.sents] == [doc.text]
    passive = extractor.nlp("An aid worker kidnapped in Mali last year.")
    assert (passive[3].dep_, passive[3].tag_) == ("acl", "VBN")  # no object: as it was
