"""Quotes: quotation-mark pairing on plain strings, and each layout end to end on the model."""

from __future__ import annotations

import pytest

from kronika.coding.quotes import _is_speech, find_direct
from kronika.records import Document


def contents(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_direct(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u201cWe will win,\u201d she said.", ["We will win,"]),
        ('"We will win," she said.', ["We will win,"]),
        ("''We will win,'' she said.", ["We will win,"]),
        # A wrong-way curly mark still closes the quote it ends.
        ("He called it \u201cMostly False.\u201c\n\nNext.", ["Mostly False."]),
        # Apostrophes are not quotation marks.
        (
            "Clinton\u2019s aide didn't say \u201cnothing at all here.\u201d",
            ["nothing at all here."],
        ),
        # Single quotes inside double ones belong to the double quote.
        (
            "\u201cThey called it \u2018spiritual\u2019 power,\u201d he wrote.",
            ["They called it \u2018spiritual\u2019 power,"],
        ),
        # Single quotes used alone.
        (
            "She said: \u2018Be the voice that people hear.\u2019",
            ["Be the voice that people hear."],
        ),
    ],
)
def test_find_direct(text, expected):
    assert contents(text) == expected


def test_quote_running_over_paragraphs():
    text = (
        "\u201cThe first paragraph has no closing mark.\n\n"
        "\u201cThe second one closes it,\u201d he said."
    )
    (mark,) = find_direct(text)
    assert len(mark.parts) == 2
    assert text[mark.parts[0][0] : mark.parts[0][1]] == "The first paragraph has no closing mark."
    assert text[mark.parts[1][0] : mark.parts[1][1]] == "The second one closes it,"


@pytest.mark.parametrize(
    ("content", "ends", "cue", "speech"),
    [
        ("eastern Iranian arc", False, False, False),  # a scare quote
        ("How to Foster Long-Term Innovation Investment", False, False, False),  # a title
        ("American Skin (41 Shots)", False, True, False),
        ("You winning?", True, True, True),  # short, but next to its cue
        ("We will keep building drones for our allies", False, False, True),
    ],
)
def test_is_speech(content, ends, cue, speech):
    assert _is_speech(content, ends, cue) is speech


# -- end to end ------------------------------------------------------------------------------

INTRO = (
    "Anna Keller, a German diplomat, arrived in Warsaw on Monday. "
    "Piotr Nowak, a Polish general, met her there.\n\n"
)


def quotes_of(extractor, body: str) -> tuple[str, list[dict]]:
    text = INTRO + body
    extraction = extractor.extract(Document(text=text, date="2023-03-14"))
    return text, [q.to_dict() for q in extraction.quotes]


def only(quotes: list[dict], **where) -> dict:
    found = [q for q in quotes if all(q[k] == v for k, v in where.items())]
    assert len(found) == 1, quotes
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "\u201cThe talks went well and we will meet again in May,\u201d Keller said.",
        "\u201cThe talks went well and we will meet again in May,\u201d said Keller.",
        "Keller spoke. \u201cThe talks went well and we will meet again in May,\u201d she said.",
        'Keller said: "The talks went well and we will meet again in May."',
        "Keller told reporters, \u201cThe talks went well and we will meet again in May.\u201d",
    ],
)
def test_direct_layouts(extractor, body):
    text, quotes = quotes_of(extractor, body)
    quote = only(quotes, direct=True)
    assert quote["text"].startswith("The talks went well")
    assert quote["speaker"]["name"] == "Anna Keller"
    speaker = quote["speaker"]
    assert text[speaker["start"] : speaker["end"]] in ("Keller", "she", "Anna Keller")
    assert quote["verb"] in ("say", "tell")


@pytest.mark.slow
def test_split_quote_is_one_quote(extractor):
    body = (
        "\u201cThe talks went well,\u201d Keller said on Tuesday. "
        "\u201cWe will meet again in May and sign the treaty.\u201d"
    )
    text, quotes = quotes_of(extractor, body)
    quote = only(quotes, direct=True)
    assert [p["text"] for p in quote["parts"]] == [
        "The talks went well,",
        "We will meet again in May and sign the treaty.",
    ]
    assert text[quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"]["name"] == "Anna Keller"


@pytest.mark.slow
def test_multi_paragraph_quote(extractor):
    body = (
        "Nowak spoke at length. \u201cThe border is calm and our soldiers are ready.\n\n"
        "\u201cWe do not expect any trouble this winter,\u201d Nowak said."
    )
    _, quotes = quotes_of(extractor, body)
    quote = only(quotes, direct=True)
    assert len(quote["parts"]) == 2
    assert quote["speaker"]["name"] == "Piotr Nowak"


@pytest.mark.slow
def test_scare_quotes_and_titles_are_not_quotes(extractor):
    body = (
        'Poland wants to build an "eastern defence wall" along its border. '
        "Nowak wrote a book called \u201cThe Long Border of Europe\u201d last year."
    )
    _, quotes = quotes_of(extractor, body)
    assert not [q for q in quotes if q["direct"]]


@pytest.mark.slow
def test_quote_signed_with_a_dash(extractor):
    body = "\u201cThis is the best plan we have had in years.\u201d \u2015 Piotr Nowak"
    _, quotes = quotes_of(extractor, body)
    assert only(quotes, direct=True)["speaker"]["name"] == "Piotr Nowak"


@pytest.mark.slow
def test_quote_without_cue_takes_the_speaker_before(extractor):
    body = (
        "\u201cThe talks went well,\u201d Keller said.\n\n"
        "\u201cWe will meet again in May and sign the treaty.\u201d"
    )
    _, quotes = quotes_of(extractor, body)
    assert [q["speaker"]["name"] for q in quotes if q["direct"]] == ["Anna Keller"] * 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "verb", "starts"),
    [
        ("Keller said that the talks would resume in May.", "say", "that the talks"),
        ("Keller said the talks would resume in May.", "say", "the talks"),
        ("The talks will resume in May, according to Keller.", "according to", "The talks"),
        ("According to Keller, the talks will resume in May.", "according to", "the talks"),
        ("The talks will resume in May, Keller says.", "say", "The talks"),
        ("Keller warned that the talks could collapse in May.", "warn", "that the talks"),
        ("Keller denied that the talks had collapsed.", "deny", "that the talks"),
        ("Keller wrote that the talks had been a success.", "write", "that the talks"),
        ("Keller believes the talks will succeed by May.", "believe", "the talks"),
        ("Keller vowed to resume the talks in May.", "vow", "to resume"),
    ],
)
def test_indirect_layouts(extractor, body, verb, starts):
    _, quotes = quotes_of(extractor, body)
    quote = only(quotes, direct=False, verb=verb)
    assert quote["text"].startswith(starts)
    assert quote["speaker"]["name"] == "Anna Keller"


@pytest.mark.slow
def test_partial_quote_stays_in_indirect_speech(extractor):
    body = 'Keller said the talks were "a real step forward for both of our countries" on Monday.'
    _, quotes = quotes_of(extractor, body)
    quote = only(quotes, verb="say")
    assert quote["direct"] is False
    assert "a real step forward" in quote["text"]


@pytest.mark.slow
def test_medium(extractor):
    body = (
        "\u201cThe border is calm and our soldiers are ready,\u201d Nowak tells TRT World. "
        "Keller told Reuters that the talks would resume in May."
    )
    _, quotes = quotes_of(extractor, body)
    assert only(quotes, direct=True)["medium"] == "TRT World"
    assert only(quotes, direct=False)["medium"] == "Reuters"


@pytest.mark.slow
def test_anonymous_sources(extractor):
    body = "The talks will resume in May, officials said. A source close to Keller said so too."
    _, quotes = quotes_of(extractor, body)
    quote = only(quotes, direct=False, verb="say")
    assert quote["speaker"]["name"] == "officials"
    assert quote["speaker"]["anonymous"] is True


@pytest.mark.slow
def test_reporting_noun(extractor):
    body = "Nowak rejected Keller's claim that the border had been closed for a week."
    _, quotes = quotes_of(extractor, body)
    quote = only(quotes, verb="claim")
    assert quote["text"].startswith("that the border")
    assert quote["speaker"]["name"] == "Anna Keller"
