"""The extraction pipeline: parse → annotate (actors, places, dates, equipment) → code
(quotes, events). Each stage is a replaceable object; `Extractor` wires them together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .annotate.actors import ActorAnnotator
from .annotate.dates import DateAnnotator
from .annotate.equipment import EquipmentAnnotator
from .annotate.places import PlaceAnnotator
from .coding.cameo import cameo_table
from .coding.events import EventCoder
from .coding.patterns import PatternSet
from .coding.quotes import QuoteExtractor
from .knowledge.actors import load_agents, load_dictionary
from .knowledge.geo import gazetteer
from .knowledge.tables import files_of_kind
from .nlp import load_model, load_tokenizer, model_name, pipeline_sharing
from .parse import parse, parse_many
from .records import DateMention, Document, Equipment, Extraction
from .text import TextPreparer, restore_surface

# Kinds of dictionary actors whose names are not places, nor the places inside them:
# "Obama" (a Japanese town), "Tajiks" (a people), "Malaysia Airlines"; and any acronym
# ("UN" is an Indian town).
NOT_PLACE_KINDS = {
    "person",
    "media",
    "party",
    "ngo",
    "armed_group",
    "company",
    "religious_group",
    "ethnic_group",
}


class Extractor:
    """Turns documents into extractions. Build once, use for many documents.

    >>> extractor = Extractor()
    >>> extraction = extractor.extract("Iran attacked Iraq.", date="2020-01-01")
    >>> extraction = extractor.extract(Document(text="Iran attacked Iraq.", date="2020-01-01"))
    """

    def __init__(
        self,
        model: str | None = None,
        dictionaries: list[str | Path] | None = None,
        *,
        builtin: bool = True,
        parse: bool = True,
    ):
        """`dictionaries`: folders of the user's own files (kronika TSVs or PETRARCH
        dictionaries), which take precedence; with `builtin=False` they replace kronika's
        actors, agents and patterns instead (a PETRARCH test suite and its fixtures).

        With `parse=False` the model's trained components (tagger, parser, entities) load
        only when a text is first parsed: annotating stored parses (`recode`) needs the
        model's vocabulary and tokenizer only (`vocab`, `language`)."""
        self._nlp = load_model(model) if parse else None
        # the model's vocabulary, tokenizer and meta, which the annotators are built with
        self.language = self._nlp if self._nlp is not None else load_tokenizer(model)
        self.vocab = self.language.vocab
        # what it was built from: `kronika.store.edits` records it with each coded document
        self.model_name = model_name(model)
        self.dictionaries = [str(Path(p).resolve()) for p in dictionaries or []]
        self.builtin = builtin
        self.dictionary = load_dictionary(dictionaries, builtin=builtin)
        agents = load_agents(dictionaries, builtin=builtin)
        self.actors = ActorAnnotator(
            self.language, self.dictionary, agents, petrarch_phrases=not builtin
        )
        self.places = PlaceAnnotator(self.language, gazetteer())
        self.dates = DateAnnotator()
        self.equipment = EquipmentAnnotator(
            self.language, user_paths=files_of_kind(dictionaries, "equipment")
        )
        self.quotes = QuoteExtractor()
        patterns = PatternSet(
            cameo_table(),
            user_paths=files_of_kind(dictionaries, "patterns"),
            petrarch_paths=files_of_kind(dictionaries, "petrarch_verbs"),
            discard_paths=files_of_kind(dictionaries, "discards"),
            builtin=builtin,
        )
        cameo = cameo_table() if builtin else cameo_table().with_codes(patterns.petrarch.codes())
        self.events = EventCoder(cameo, patterns)
        self._text: TextPreparer | None = None

    @property
    def nlp(self):
        """The spaCy pipeline that parses (with `parse=False`, loaded on first use)."""
        if self._nlp is None:
            self._nlp = pipeline_sharing(self.model_name, self.vocab)
        return self._nlp

    @nlp.setter
    def nlp(self, pipeline) -> None:
        self._nlp = pipeline

    @property
    def text(self) -> TextPreparer:
        """Repairs a document's text before it is parsed (it reads the model's lemmas)."""
        if self._text is None:
            self._text = TextPreparer(self.nlp, self.dictionary.surfaces)
        return self._text

    def extract(self, document: Document | str, *, date: str | None = None) -> Extraction:
        """Extract one article, given as its text (with `date`, the article date) or as a
        `Document`."""
        return next(self.extract_many([as_document(document, date)]))

    def extract_many(
        self,
        documents: Iterable[Document | str],
        batch_size: int = 32,
        on_error: Callable[[Document, str], None] | None = None,
    ) -> Iterator[Extraction]:
        """Extract many articles (texts or `Document`s) in batches, in the order given. A
        document that cannot be extracted raises, or, given `on_error`, is passed to it with
        the reason and skipped while the rest go on."""
        prepared = (self.text(d) for d in map(as_document, documents))
        pairs = ((p.parse_text, p) for p in prepared)
        for doc, ready in parse_many(self.nlp, pairs, batch_size):
            document = ready.document
            try:
                if isinstance(doc, Exception):
                    raise doc
                extraction = self.annotate(doc, document)
                extraction.repairs = ready.repairs
                restore_surface(extraction, doc, ready.parse_text)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(document, f"{type(exc).__name__}: {exc}")
                continue
            yield extraction

    def explain(self, document: Document | str, *, date: str | None = None) -> list[dict]:
        """Why each sentence of a document did or did not yield events (see `kronika explain`)."""
        document = as_document(document, date)
        doc = parse(self.nlp, self.text(document).parse_text)
        actors = self.actors(doc, document.date)
        quotes = self.quotes(doc, actors)
        return self.events.explain(doc, actors, quotes)

    def annotate(
        self,
        doc,
        document: Document,
        *,
        dates: list[DateMention] | None = None,
        equipment: list[Equipment] | None = None,
    ) -> Extraction:
        """The extraction of a parsed document. `dates` and `equipment`, when given, are
        what these stages found in the same parse before, with the same code, model and
        equipment files (`recode` after an edit of actor entries, which neither reads):
        they are used as they are instead of being found again."""
        actors = self.actors(doc, document.date)
        countries = Counter(a.country for a in actors.actors if a.country and len(a.country) == 3)
        named = frozenset(
            i
            for a in actors.actors
            if (
                a.how.startswith("dictionary")
                and (a.kind in NOT_PLACE_KINDS or (a.text.isupper() and len(a.text) <= 4))
            )
            or (a.kind == "organisation" and a.how == "unresolved name" and _firm(a.text))
            for i in _token_range(doc, a.start, a.end)
        ) | frozenset(
            i
            for a in actors.actors
            if a.sector and a.kind in ("group", "person", "organisation")
            for i in _token_range(doc, a.start, a.end)[-1:]
        )  # (an organisation's own name may be a place: "the European Union"; the noun an
        # agent phrase ends in is none: "Police" is a Polish town)
        places = [
            p
            for p in self.places(doc, countries, named)
            if not _names_an_actor(doc, p, actors) and not _inside_a_body(doc, p, actors)
        ]
        if dates is None:
            dates = self.dates(doc, document.date)
        if equipment is None:
            equipment = self.equipment(doc)
        quotes = self.quotes(doc, actors)
        events = self.events(
            doc,
            actors,
            date=document.date,
            places=places,
            dates=dates,
            quotes=quotes,
            equipment=equipment,
        )
        return Extraction(
            document=document,
            actors=actors.actors,
            events=events,
            quotes=quotes,
            places=places,
            dates=dates,
            equipment=equipment,
        )


def as_document(document: Document | str, date: str | None = None) -> Document:
    """A `Document` for an article given as text or as a `Document` (kept as it is)."""
    if isinstance(document, Document):
        if date is not None and date != document.date:
            raise ValueError(
                "give the date in the Document (Document(text, date=...)), not beside it"
            )
        return document
    if isinstance(document, str):
        return Document(text=document, date=date)
    raise TypeError(
        f"extract() takes an article's text (str) or a kronika.Document, "
        f"not {type(document).__name__}"
    )


# Words that make a name a firm's or a body's, not a place's: "Union Pacific Corp".
FIRM_WORDS = {
    "inc",
    "corp",
    "co",
    "ltd",
    "plc",
    "llc",
    "ag",
    "sa",
    "nv",
    "gmbh",
    "bank",
    "company",
    "corporation",
    "group",
    "holdings",
    "airlines",
    "association",
    "foundation",
    "institute",
    "party",
    "union",
}


def _firm(name: str) -> bool:
    return any(w.strip(".,()").lower() in FIRM_WORDS for w in name.split())


def _names_an_actor(doc, place, actors) -> bool:
    """Whether a place name is a known person's ("Obama" is a Japanese town). A name the
    model reads as a person's is left to the places: local news names many towns after
    people ("Lincoln", "Jackson")."""
    return any(
        (actor := actors.by_token.get(i)) is not None
        and actor.kind == "person"
        and actor.how.startswith("dictionary")
        for i in _token_range(doc, place.start, place.end)
    )


def _inside_a_body(doc, place, actors) -> bool:
    """Whether a place name is a word of an international body's longer name ("UN" and
    "Mission" in "the UN Mission"), not a place it names ("the UN mission in Somalia")."""
    tokens = _token_range(doc, place.start, place.end)
    if not tokens or (tokens.start > 0 and doc[tokens.start - 1].lower_ in ("in", "at", "for")):
        return False
    if place.kind != "city":
        return False  # a country or region the name is of ("the Council of Europe")
    return any(
        (actor := actors.by_token.get(i)) is not None
        and actor.kind == "igo"
        and actor.how.startswith("dictionary")
        and actor.start <= place.start
        and place.end <= actor.end
        and (actor.end - actor.start) > (place.end - place.start)
        for i in tokens
    )


def _token_range(doc, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)
