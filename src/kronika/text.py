"""Text as it arrives, made fit to parse.

News reaches kronika with the scars of its transport: mojibake ("â€™" for "’"), doubled
apostrophes ("minister''s"), page furniture (share bars, "Related stories" lists, photo
credits), and whole articles in lower case or in capitals, where no name can be told from
a word. `TextPreparer` repairs the first two in the document's own text (the extraction's
`repairs` say what was repaired) and gives the parser a text of exactly the same length in
which furniture is blanked out and, in a caseless text, names and sentence starts are
capitalised. Every offset the stages produce is therefore an offset into the document's
text, and `restore_surface` puts the document's own words back into the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .annotate import dates
from .knowledge.tables import data_path, read_tsv
from .records import Actor, DateMention, Document, Equipment, Extraction, Place

# -- repairs of the document's text ---------------------------------------------------------
DOUBLED_APOSTROPHE = re.compile(r"(?<=\w)''(?=\w)")


def repair(text: str) -> tuple[str, list[str]]:
    """The text with mojibake and doubled apostrophes repaired, and what was repaired."""
    repairs: list[str] = []
    try:
        import ftfy
        from ftfy.badness import is_bad
    except ImportError:  # pragma: no cover - ftfy is a dependency; keep working without it
        ftfy = None  # type: ignore[assignment]
    if ftfy is not None and is_bad(text):
        fixed = ftfy.fix_text(
            text,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            normalization=None,
        )
        if fixed != text:
            text = fixed
            repairs.append("mojibake")
    fixed = DOUBLED_APOSTROPHE.sub("'", text)
    if fixed != text:
        text = fixed
        repairs.append("doubled apostrophes")
    return text, repairs


# -- page furniture ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FurnitureRule:
    kind: str  # "line": the line itself; "list": the line and the short lines after it
    pattern: re.Pattern[str]
    what: str


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[FurnitureRule, ...]:
    """The page-furniture patterns of `data/text/furniture.tsv`, validated."""
    rules = []
    for row in read_tsv(data_path("text", "furniture.tsv"), ("kind", "pattern", "what")):
        if row["kind"] not in ("line", "list"):
            raise row.error(f"kind {row['kind']!r} is not 'line' or 'list'")
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise row.error(f"pattern is not a regular expression ({exc})") from None
        rules.append(FurnitureRule(row["kind"], pattern, row["what"]))
    return tuple(rules)


SHARE_WORDS = {
    "share",
    "shares",
    "tweet",
    "email",
    "e-mail",
    "mail",
    "print",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "pinterest",
    "reddit",
    "telegram",
    "messenger",
    "copy",
    "link",
    "comment",
    "comments",
    "save",
    "google",
    "flipboard",
}
LIST_ITEM_CHARS = 120  # a "Related stories" item is a headline: short, with no full stop
LIST_ITEMS = 8


def furniture(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines of `text` that are page furniture, not the article: share
    bars, credits and banners (`data/text/furniture.tsv`), and the short headline lines
    under a "Related stories" heading."""
    spans = []
    in_list = 0  # headline lines still to take under a "Related stories" heading
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        if not line:
            continue
        if in_list and len(line) <= LIST_ITEM_CHARS and not line.endswith((".", '"', "”")):
            spans.append((match.start(), match.end()))
            in_list -= 1
            continue
        in_list = 0
        if _share_bar(line):
            spans.append((match.start(), match.end()))
            continue
        for rule in furniture_rules():
            if rule.pattern.fullmatch(line):
                spans.append((match.start(), match.end()))
                in_list = LIST_ITEMS if rule.kind == "list" else 0
                break
    return spans


def _share_bar(line: str) -> bool:
    """A line of nothing but sharing buttons: "Facebook Twitter Linkedin Mail"."""
    words = re.findall(r"[a-z][a-z-]*", line.lower())
    return len(words) >= 2 and all(w in SHARE_WORDS for w in words) and line[-1] not in ".!?"


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the characters of `spans` turned to spaces (newlines kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


# -- datelines --------------------------------------------------------------------------------
# "CHICAGO, June 1 - USPCI Inc said ...", "PORTLAND, Ore., Feb 26 -", "MOSCOW (Reuters) -":
# the place and day a wire story was filed, which the parser would take for the subject.
DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’\- ]{2,}(?:,[ \t]+[A-Z][A-Za-z.]+)*"
    r"(?:,[ \t]+[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2})?(?:[ \t]+\([A-Za-z ]+\))?[ \t]+(-{1,2}|—|–)[ \t]",
    re.MULTILINE,
)


def set_apart_datelines(text: str) -> str:
    """`text` with the dash after each dateline turned into a full stop, so that the parser
    reads the dateline as a sentence of its own; same length."""
    chars = list(text)
    for match in DATELINE.finditer(text):
        for i in range(match.start(1), match.end(1)):
            chars[i] = "."
    return "".join(chars)


# -- case ---------------------------------------------------------------------------------------
MIN_LETTERS = 40


def caseless(text: str) -> str | None:
    """ "lower" or "upper" for a text written all in one case, else None."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    upper = sum(c.isupper() for c in letters)
    if upper <= len(letters) * 0.01:
        return "lower"
    if upper >= len(letters) * 0.95:
        return "upper"
    return None


WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z]|[A-Za-z]")
SENTENCE_START = re.compile(r"(?:\A|[.!?][\"'”’)\]]*\s+|\n\s*)[\"'“‘(\[]*([a-z])")
LONGEST_NAME = 5


def restore_case(
    text: str, cased: Callable[[str, str, str], str | None], *, one_sentence: bool = False
) -> str:
    """A caseless `text` with sentence starts, "I" and the names `cased` knows capitalised
    as they are written ("new delhi" → "New Delhi", "bjp" → "BJP"); same length. With
    `one_sentence`, only the text's first word starts a sentence ("U.S. lifts ...")."""
    chars = list(_lower(text))
    for match in SENTENCE_START.finditer(text.lower()):
        stop = match.group().lstrip()[:1] == "."
        if stop and _abbreviation_before(text, match.start()):
            continue  # "u.s. reduced tariffs", "gen. ali said": no sentence ends there
        chars[match.start(1)] = chars[match.start(1)].upper()
        if one_sentence:
            break
    lowered = "".join(chars)
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(lowered)]
    i = 0
    while i < len(words):
        for n in range(min(LONGEST_NAME, len(words) - i), 0, -1):
            group = words[i : i + n]
            if any(group[k + 1][0] - group[k][1] != 1 for k in range(n - 1)):
                continue  # words of a name are one space apart
            phrase = lowered[group[0][0] : group[-1][1]]
            before = lowered[max(0, group[0][0] - 8) : group[0][0]].strip()
            after = lowered[group[-1][1] : group[-1][1] + 24].strip()
            form = cased(phrase.lower(), before, after)
            if form is None and phrase[-2:] in ("'s", "’s"):  # "china's exports"
                stem = cased(phrase[:-2].lower(), before, after)
                form = stem + phrase[-2:] if stem is not None else None
            if form is None or len(form) != len(phrase):
                continue
            for offset, char in enumerate(form):
                if char.isupper():
                    chars[group[0][0] + offset] = chars[group[0][0] + offset].upper()
            i += n - 1
            break
        i += 1
    for match in ACRONYM.finditer(lowered):
        # "the civil liberty organization (clo)": a name and its initials in brackets
        letters = match.group(2)
        named = [
            w
            for w in re.finditer(r"\S+", match.group(1))
            if w.group() not in ACRONYM_SMALL_WORDS
        ][-len(letters) :]
        if len(named) == len(letters) and "".join(w.group()[0] for w in named) == letters:
            chars[match.start(2) : match.end(2)] = letters.upper()
            for word in named:
                chars[match.start(1) + word.start()] = word.group()[0].upper()
    text = "".join(chars)
    return re.sub(r"\bi(?=\b|')", "I", text)


# A name followed by its initials in brackets: "world health organization (who)".
ACRONYM = re.compile(r"((?:[a-z][a-z'’\-]* ){2,8})\(([a-z]{2,6})\)")
ACRONYM_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "de", "&"}


# Abbreviations whose full stop ends no sentence: titles and dotted country names.
DOTTED = {"u.s", "u.k", "u.n", "e.u", "u.s.a", "u.a.e", "gov", "sen", "rep", "gen", "lt", "col"}


def _abbreviation_before(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation ("u.s.", "mr.", "gen.")."""
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:stop])
    key = word.group(1).lower() if word else ""
    return key in DOTTED or key in TITLES


# Words a headline leaves in lower case; all its other words start with a capital.
HEADLINE_SMALL_WORDS = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by",
    "with", "from", "as", "into", "over", "after", "before", "about", "against", "amid", "vs",
    "is", "are", "was", "be", "it", "its", "up", "out", "off",
}  # fmt: skip


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """The spans of lines written in headline style, every word but the small ones starting
    with a capital ("U.S. Lifts Travel Ban to Lebanon"): a paragraph of one line (a wrapped
    line of a longer sentence is none), at least four words, and not all in capitals."""
    spans = []
    for line in re.finditer(
        r"(?:\A|(?<=\n)[ \t]*\n)[ \t]*([^\n]+)(?=\n[ \t]*\n|\n?[ \t]*\Z)", text
    ):
        words = WORD.findall(line.group(1))
        content = [w for w in words if w.lower() not in HEADLINE_SMALL_WORDS]
        if len(words) < 4 or len(words) > 30 or len(content) < 3:
            continue
        if all(w[0].isupper() for w in content) and not all(w.isupper() for w in content):
            spans.append((line.start(1), line.end(1)))
    return spans


def restore_title_case(
    line: str, cased: Callable[[str, str, str], str | None], english: Callable[[str], bool]
) -> str:
    """A headline written as a sentence: the names `cased` knows as they are written, the
    first word capitalised, English words in lower case, and the words that are neither
    (names kronika does not know, "Glenn", "CPAC") left as the writer wrote them."""
    restored = list(restore_case(line, cased, one_sentence=True))
    for word in WORD.finditer(line):
        text = word.group()
        if (text.isupper() and len(text) > 1) or not english(text.lower()):
            restored[word.start() : word.end()] = text
    return "".join(restored)


def _lower(text: str) -> str:
    """Lower case, character by character, keeping the length ("İ" stays)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Day and month names, as the date annotator knows them, for membership tests.
WEEKDAYS = frozenset(dates.WEEKDAYS)
MONTHS = frozenset(dates.MONTHS)
# Months that are also English words: capitalised only beside a number ("march 10").
WORDLIKE_MONTHS = {"march", "may", "august"}
VOWELS = set("aeiouy")
TITLES = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "lt", "col", "gen", "sgt", "capt", "prof"}
# Words of a place's name that say what kind of place it is, not which: a name made of
# these and of ordinary English words ("old city", "the state") is not capitalised.
GENERIC_PLACE_WORDS = {
    "city",
    "town",
    "village",
    "state",
    "province",
    "district",
    "region",
    "area",
    "valley",
    "coast",
    "river",
    "lake",
    "sea",
    "island",
    "islands",
    "mountain",
    "mountains",
    "hill",
    "hills",
    "gulf",
    "bay",
    "port",
    "north",
    "south",
    "east",
    "west",
    "central",
    "upper",
    "lower",
    "new",
    "old",
    "great",
}


class CaseTable:
    """How names are written, from kronika's own knowledge: the actor dictionaries, country
    names and demonyms, and the gazetteer's regions and large cities. A single word that is
    also an English verb, adjective, adverb or function word ("nice", "mobile", "who") is
    left alone, unless it is a country or a people's name."""

    def __init__(
        self, surfaces: Iterable[str], common_words: frozenset[str], nouns: frozenset[str]
    ):
        from .knowledge.countries import (
            THREE_LETTER_COUNTRIES,
            TWO_LETTER_COUNTRIES,
            country_code,
            country_names,
            phoenix_place_names,
        )

        self.common = common_words
        self.nouns = nouns
        self.forms: dict[str, str] = {}
        for name in country_names():
            self.forms.setdefault(name.lower(), name)
        # the abbreviations news writes for countries ("uae", "uk"); "us" only after "the"
        for abbreviation in (THREE_LETTER_COUNTRIES | TWO_LETTER_COUNTRIES) - {"US"}:
            self.forms.setdefault(abbreviation.lower(), abbreviation)
        self.forms.setdefault("the us", "the US")
        for dotted in ("u.s", "u.k", "u.n", "e.u", "u.s.a", "u.a.e"):  # "u.s." is one word
            self.forms.setdefault(dotted, dotted.upper())
        # ... and before a word naming an actor of a country ("us troops", "us officials")
        self.agent_words = {
            row["phrase"].split()[0]
            for row in read_tsv(data_path("agents.tsv"), ("phrase", "sector", "kind"))
        }
        for row in read_tsv(data_path("geo", "demonyms.tsv"), ("iso3", "demonyms")):
            for form in row["demonyms"].split("|"):
                self.forms.setdefault(form.lower(), form)
                self.forms.setdefault(form.lower() + "s", form + "s")
        # The names of Phoenix's country blocks: each country's own ("Turkey", which ISO
        # writes "Türkiye"), and the other names of the country ("Russia", "Britain",
        # "Burma"); its cities and provinces are the gazetteer's (see __call__).
        block = None
        for name, own in phoenix_place_names():
            words = name.lower().split()
            if own:
                block = country_code(name, case_sensitive=False)
            elif (
                block is None
                or self._ambiguous(name)
                or country_code(name, case_sensitive=False) != block
            ):
                continue
            form = " ".join(
                w if w in HEADLINE_SMALL_WORDS and i else w.title() for i, w in enumerate(words)
            )
            self.forms.setdefault(form.lower(), form)
        self.countries = set(self.forms)
        for surface in surfaces:
            if not any(c.isupper() for c in surface) or self._ambiguous(surface):
                continue
            if surface.isupper() and (" " in surface or len(surface) > 5):
                # a dictionary that writes names in capitals ("US PRESIDENT" is "US President")
                surface = " ".join(
                    w if w in TWO_LETTER_COUNTRIES | THREE_LETTER_COUNTRIES else w.title()
                    for w in surface.split(" ")
                )
            self.forms.setdefault(surface.lower(), surface)

    def english(self, word: str) -> bool:
        """Whether a lower-case word is an English word (an inflected form too: "lifts",
        "eased", "talks")."""
        stems = {word, word[:-1], word[:-2], word[:-3] + "y", word[:-3], word[:-3] + "e"}
        return any(s in self.common or s in self.nouns for s in stems if len(s) > 1)

    def _ambiguous(self, name: str) -> bool:
        key = name.lower()
        return " " not in key and (key in self.common or key.rstrip("s") in self.common)

    def __call__(self, phrase: str, before: str = "", after: str = "") -> str | None:
        """How `phrase` (lower case) is written as a name, given the words around it;
        None when it is not a name kronika knows."""
        form = self.forms.get(phrase)
        if form is not None:
            return form
        if phrase == "us":
            following = re.match(r"[a-z]+", after)
            word = following.group() if following else ""
            if word in self.agent_words or word.removesuffix("s") in self.agent_words:
                return "US"
            if word and (not before or before[-1] in ".!?:;\"“”'‘’("):
                return "US"  # a sentence's first word is no object pronoun: "us removed ..."
        if "-" in phrase and " " not in phrase:
            # "us-led", "us-backed", "india-pakistan"
            parts = phrase.split("-")
            if parts[0] == "us" or parts[0] in self.countries:
                form = "-".join(self.forms.get(p, "US" if p == "us" else p) for p in parts)
                return form if len(form) == len(phrase) else None
        if phrase in WEEKDAYS or (phrase in MONTHS and phrase not in WORDLIKE_MONTHS):
            return phrase.capitalize()
        if phrase in MONTHS and (before[-1:].isdigit() or after[:1].isdigit()):
            return phrase.capitalize()  # "march 10", "10 may"
        if " " not in phrase and 2 <= len(phrase) <= 5 and not set(phrase) & VOWELS:
            # a word with no vowel is an abbreviation: "vhp", "bjp", "cpm"; "mr", "dr"
            return phrase.capitalize() if phrase in TITLES else phrase.upper()
        words = phrase.split()
        if all(w in self.common or w in GENERIC_PLACE_WORDS for w in words):
            return None  # "old city", "nice", "reading"
        return _place_form(phrase, single_word_noun=len(words) == 1 and phrase in self.nouns)


@lru_cache(maxsize=65536)
def _place_form(phrase: str, single_word_noun: bool = False) -> str | None:
    """How the gazetteer writes a place name: a region, a first-level division, or a city
    of at least 100,000 people (20,000 for a name of several words; 1,000,000 for a word
    that is also an English noun, "bath", "police")."""
    from .knowledge.geo import gazetteer

    least = 1_000_000 if single_word_noun else 20_000 if " " in phrase else 100_000
    for entry in gazetteer().candidates(phrase):
        big = entry.kind in ("admin1", "country") or entry.population >= least
        if big and len(entry.name) == len(phrase):
            # the gazetteer's capitals on the text's letters ("Gujarāt" → "Gujarat")
            return "".join(
                p.upper() if e.isupper() else p for p, e in zip(phrase, entry.name, strict=True)
            )
    return None


@lru_cache(maxsize=4)
def english_nouns(model: object) -> frozenset[str]:
    """The nouns of the model's lemma tables (WordNet's, some of them names)."""
    try:
        index = model.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        return frozenset(index.get("noun") or ())
    except (KeyError, ValueError, AttributeError):
        return frozenset()


@lru_cache(maxsize=4)
def common_words(model: object) -> frozenset[str]:
    """English words that are also names only by accident: the verbs, adjectives and
    adverbs of the model's lemma tables, and its stop words."""
    words: set[str] = set()
    try:
        lookups = model.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index = lookups.get_table("lemma_index")
        for pos in ("verb", "adj", "adv"):
            words.update(index.get(pos) or ())
    except (KeyError, ValueError, AttributeError):
        pass
    words.update(getattr(model, "Defaults").stop_words)  # noqa: B009
    return frozenset(w for w in words if w.isalpha())


# -- the stage --------------------------------------------------------------------------------
@dataclass
class Prepared:
    """A document made fit to parse: its text repaired, and the same-length text the parser
    reads."""

    document: Document
    parse_text: str
    repairs: list[str] = field(default_factory=list)


class TextPreparer:
    def __init__(self, model: object, surfaces: Iterable[str]):
        self.model = model
        self.surfaces = surfaces
        self._cases: CaseTable | None = None

    @property
    def cases(self) -> CaseTable:
        if self._cases is None:
            self._cases = CaseTable(
                self.surfaces, common_words(self.model), english_nouns(self.model)
            )
        return self._cases

    def __call__(self, document: Document) -> Prepared:
        text, repairs = repair(document.text)
        if repairs:
            from dataclasses import replace

            document = replace(document, text=text)
        parse_text = text
        spans = furniture(text)
        if spans:
            parse_text = blank(parse_text, spans)
            repairs.append("page furniture left out")
        apart = set_apart_datelines(parse_text)
        if apart != parse_text:
            parse_text = apart
            repairs.append("dateline set apart")
        case = caseless(parse_text)
        if case is not None:
            parse_text = restore_case(parse_text, self.cases)
            repairs.append(f"case restored ({case} case text)")
        else:
            headlines = title_case_lines(parse_text)
            for start, end in headlines:
                line = restore_title_case(parse_text[start:end], self.cases, self.cases.english)
                parse_text = parse_text[:start] + line + parse_text[end:]
            if headlines:
                repairs.append("headline case restored")
        return Prepared(document, parse_text, repairs)


def restore_surface(extraction: Extraction, doc, parse_text: str) -> None:
    """Put the document's own words back where the stages copied the parser's text: the
    mentions, triggers and sentences (the names resolved stay as the dictionaries write
    them)."""
    original = extraction.document.text
    if original == parse_text:
        return
    records: list[Actor | Place | DateMention | Equipment] = [
        *extraction.actors,
        *extraction.places,
        *extraction.dates,
        *extraction.equipment,
    ]
    for record in records:
        record.text = original[record.start : record.end]
    for quote in extraction.quotes:
        quote.text = original[quote.start : quote.end]
        for part in quote.parts:
            part["text"] = original[part["start"] : part["end"]]
    starts = [(s.start_char, s.end_char) for s in doc.sents]
    for event in extraction.events:
        event.trigger.text = original[event.trigger.start : event.trigger.end]
        bounds = next(((a, b) for a, b in starts if a <= event.trigger.start < b), None)
        if bounds is None:
            continue
        start, end = bounds
        event.sentence = original[start:end].strip()
        for side in (event.source, event.target):
            if side and side.text:
                found = parse_text.find(side.text, start, end)
                if found >= 0:
                    side.text = original[found : found + len(side.text)]
