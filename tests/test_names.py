"""Finding the dictionaries' names in text with the first-word index (annotate/names.py)."""

from __future__ import annotations

import pytest

from kronika.annotate.names import NameIndex


@pytest.fixture(scope="module")
def tokenizer(extractor):
    return extractor.nlp.tokenizer


def found(index: NameIndex, doc) -> list[str]:
    return [doc[start:end].text for start, end in index.find(doc)]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Mazar-i-Sharif fell.", ["Mazar-i-Sharif"]),
        ("HAMAS and Hamas and hamas", ["HAMAS", "Hamas"]),
        ("The UN and the Un", ["UN"]),
        (
            "Mohammed bin Salman met Mohammed Bin Salman.",
            ["Mohammed bin Salman", "Mohammed Bin Salman"],
        ),
        ("the ministry of foreign affairs", []),
        ("Ministry of Foreign Affairs", ["Ministry of Foreign Affairs"]),
        ("Kim Jong Un and KIM JONG UN", ["Kim Jong Un", "KIM JONG UN", "UN"]),
    ],
)
def test_names_are_found_written_as_their_dictionary_allows(tokenizer, text, names):
    index = NameIndex(
        {
            "Mazar-i-Sharif": False,
            "HAMAS": False,
            "UN": False,
            "MOHAMMED BIN SALMAN": True,  # a dictionary that writes names in capitals
            "MINISTRY OF FOREIGN AFFAIRS": True,
            "KIM JONG UN": True,
            "blue helmets": False,  # no capital: left to the parser
        }
    )
    assert found(index, tokenizer(text)) == names


def test_longer_and_shorter_names_are_both_offered(tokenizer):
    index = NameIndex({"United Nations": False, "United Nations Security Council": False})
    doc = tokenizer("The United Nations Security Council met.")
    assert found(index, doc) == ["United Nations", "United Nations Security Council"]
