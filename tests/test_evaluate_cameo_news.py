"""The CAMEO news evaluators: reading the files, rebuilding text, matching sides."""

from __future__ import annotations

import pytest

from kronika.evaluate import EvaluationError
from kronika.evaluate.cameo_news import (
    detokenize,
    head_word,
    read_quads,
    read_roles,
    side_matches,
)


@pytest.mark.parametrize(
    "words, text",
    [
        (["Mosul", "’", "s", "Old", "City", "."], "Mosul’s Old City."),
        (["cost", "$", "17", "million", "(", "AI", ")"], "cost $17 million (AI)"),
        (["Jean", "-", "Pierre", "Lacroix", ",", "he", "said"], "Jean-Pierre Lacroix, he said"),
        (["a", "“", "dark", "cloud", "”", "over"], "a “dark cloud” over"),
    ],
)
def test_detokenize(words, text):
    assert detokenize(words) == text


def test_head_word_stops_before_of_phrases_and_appositions():
    assert head_word("the Turkey head of rights group Amnesty".split()) == "head"
    assert head_word(["Theresa", "May", "’", "s", "offer"]) == "offer"
    assert head_word(["Idil", "Eser", ",", "a", "rights", "activist"]) == "eser"


def test_a_side_matches_by_head_word_either_way():
    gold = ["Theresa", "May", "’", "s", "offer"]
    assert side_matches("Theresa May", gold)  # her name is in the gold phrase
    assert side_matches("the offer", gold)
    assert not side_matches("the European Union", gold)
    assert not side_matches(None, gold)


def test_read_quads(tmp_path):
    path = tmp_path / "quad.tsv"
    path.write_bytes(b'Iran attacked Iraq.\t4\r\n"He said ""no"" today."\t0\r\n')
    assert read_quads(path) == [("Iran attacked Iraq.", "4"), ('He said "no" today.', "0")]
    path.write_text("no label here\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=":1: expected a sentence"):
        read_quads(path)


def test_read_roles(tmp_path):
    path = tmp_path / "roles.conll"
    path.write_text(
        "Iraqi B-S\ntroops I-S\nshelled O\nthe B-T\ntown I-T\n. O\n\nA B-R\nmet O\nB B-R\n",
        encoding="utf-8",
    )
    first, second = read_roles(path)
    assert first.text == "Iraqi troops shelled the town."
    assert first.spans == {"S": [["Iraqi", "troops"]], "T": [["the", "town"]]}
    assert second.spans == {"R": [["A"], ["B"]]}
    path.write_text("word X-S\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=":1: expected a token and a tag"):
        read_roles(path)


@pytest.mark.slow
def test_cameo_news_sets_score(shared, extractor):
    from kronika.evaluate import run

    quad = run(
        "cameo-quad", shared / "eval/cameo_news/cameo_quad.dev.tsv", extractor=extractor, limit=60
    )
    assert set(quad) >= {"sentences", "event_rate", "quad_accuracy", "statement_accuracy"}
    assert quad["sentences"] == 60 and quad["event_rate"] > 0.5
    roles = run(
        "cameo-roles",
        shared / "eval/cameo_news/cameo_roles.dev.conll",
        extractor=extractor,
        limit=60,
    )
    assert set(roles) >= {"sentences", "source_recall", "target_recall", "pair_recall"}
    assert roles["source_recall"] > 0.4


def test_reductions_of_relations_are_scored_both_ways(tmp_path, extractor):
    from kronika.evaluate import run

    path = tmp_path / "quad.tsv"
    path.write_text(
        "The European Union imposed sanctions on Iran.\t3\r\nRussia shelled the town.\t4\r\n",
        encoding="utf-8",
    )
    quad = run("cameo-quad", path, extractor=extractor)
    assert quad["quad_accuracy"] == 0.5  # the sanctions are material conflict (163) to GDELT
    assert quad["quad_accuracy_reduce_relations_verbal"] == 1.0
