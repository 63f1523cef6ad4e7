"""Event evaluations on real news sentences labelled for CAMEO: the quad class of each
sentence (`cameo-quad`) and the spans of its event's source and target (`cameo-roles`).

Both sets come undated, one sentence a record, so each sentence is extracted on its own
with no article date.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Document, Event
from . import EvaluationError, register

QUAD_LABELS = {"0", "1", "2", "3", "4"}
STATEMENT_ROOT = "01"  # CAMEO's "make public statement": what label 0 sentences are, at most
# The set labels reductions of relations (CAMEO 16: sanctions, aid cut, a visit cancelled) as
# verbal conflict, where GDELT's quad classes, which kronika's events carry, put them with
# material conflict. `quad_accuracy` scores the events' own classes; the second figure
# scores the set's convention, so that the two kinds of miss can be told apart.
REDUCE_RELATIONS_ROOT = "16"


def read_quads(path: Path) -> list[tuple[str, str]]:
    """(sentence, label) pairs of a tab-separated quad-class file (CRLF line ends; a
    sentence that holds quotation marks may be quoted CSV-style)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"{path}: cannot be read as sentence<TAB>label ({exc})") from None
    pairs = []
    for number, row in enumerate(rows, 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2 or row[1].strip() not in QUAD_LABELS:
            raise EvaluationError(
                f"{path}:{number}: expected a sentence, a tab and a label 0-4, got {row!r:.80}"
            )
        pairs.append((row[0].strip(), row[1].strip()))
    if not pairs:
        raise EvaluationError(f"{path}: no labelled sentences")
    return pairs


def first_event(events: list[Event]) -> Event | None:
    """The sentence's first event: the earliest trigger in the text."""
    return min(events, key=lambda e: e.trigger.start) if events else None


@register("cameo-quad")
def cameo_quad(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    pairs = read_quads(path)[:limit] if limit else read_quads(path)
    documents = [Document(text=text, id=str(i)) for i, (text, _) in enumerate(pairs, 1)]
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for (text, label), extraction in zip(pairs, extractor.extract_many(documents), strict=True):
        event = first_event(extraction.events)
        predicted = str(event.quad_class) if event else "none"
        if event is not None and event.cameo[:2] == STATEMENT_ROOT:
            predicted = "0"
        as_verbal = predicted
        if event is not None and event.cameo[:2] == REDUCE_RELATIONS_ROOT:
            as_verbal = "3"
        totals["sentences"] += 1
        totals[f"label_{label}"] += 1
        right["with_event"] += bool(extraction.events)
        if label == "0":
            ok = event is None or predicted == "0"
        else:
            ok = predicted == label
        right[f"label_{label}"] += ok
        right["reduce_as_verbal"] += label != "0" and as_verbal == label
        confusion[(label, predicted)] += 1
        records.append(
            {
                "text": text,
                "label": label,
                "predicted": predicted,
                "ok": ok,
                "events": [
                    {
                        "source": e.source.code,
                        "target": e.target.code if e.target else None,
                        "cameo": e.cameo,
                        "trigger": e.trigger.text,
                        "rule": e.rule,
                    }
                    for e in extraction.events
                ],
            }
        )
    labelled = sum(totals[f"label_{q}"] for q in "1234")
    records.append({"confusion": {f"{g}->{p}": c for (g, p), c in sorted(confusion.items())}})
    return {
        "sentences": totals["sentences"],
        "event_rate": _ratio(right["with_event"], totals["sentences"]),
        "quad_accuracy": _ratio(sum(right[f"label_{q}"] for q in "1234"), labelled),
        "statement_accuracy": _ratio(right["label_0"], totals["label_0"]),
        "quad_accuracy_reduce_relations_verbal": _ratio(right["reduce_as_verbal"], labelled),
        "by_label": {
            q: {
                "sentences": totals[f"label_{q}"],
                "accuracy": _ratio(right[f"label_{q}"], totals[f"label_{q}"]),
            }
            for q in sorted(QUAD_LABELS)
        },
    }


# -- roles --------------------------------------------------------------------------------
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "%", "'s", "’", "'", "”", "n't"}
NO_SPACE_AFTER = {"(", "[", "$", "“", "€", "£"}
# Words that end a span's head phrase: "the head of the group" has its head before "of".
HEAD_BREAKS = {"of", ",", "(", "who", "which", "that", "in", "from", "for", "with"}
POSSESSIVE = {"'s", "’s", "s", "'", "’"}


@dataclass
class RoleSentence:
    text: str
    # Each role ("S", "T", "R" for both) maps to its spans, each a list of words.
    spans: dict[str, list[list[str]]] = field(default_factory=dict)


def read_roles(path: Path) -> list[RoleSentence]:
    """Sentences of a CoNLL file with B-/I- tags for the event's source (S), target (T) or
    either side of a reciprocal event (R), rebuilt as text."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from None
    sentences: list[RoleSentence] = []
    tokens: list[tuple[str, str]] = []
    for number, line in enumerate([*lines, ""], 1):
        if not line.strip():
            if tokens:
                sentences.append(_role_sentence(tokens))
                tokens = []
            continue
        parts = line.split()
        if len(parts) < 2 or not re.fullmatch(r"O|[BI]-[STR]", parts[-1]):
            raise EvaluationError(f"{path}:{number}: expected a token and a tag, got {line!r:.80}")
        tokens.append((parts[0], parts[-1]))
    if not sentences:
        raise EvaluationError(f"{path}: no sentences")
    return sentences


def _role_sentence(tokens: list[tuple[str, str]]) -> RoleSentence:
    words = [w for w, _ in tokens]
    sentence = RoleSentence(detokenize(words))
    current: list[str] | None = None
    for word, tag in tokens:
        if tag.startswith("B-"):
            current = [word]
            sentence.spans.setdefault(tag[2:], []).append(current)
        elif tag.startswith("I-") and current is not None:
            current.append(word)
        else:
            current = None
    return sentence


def detokenize(words: list[str]) -> str:
    """Text from tokens: "Mosul ’ s Old City" → "Mosul’s Old City", "$ 17" → "$17"."""
    out = ""
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        following = words[i + 1] if i + 1 < len(words) else ""
        hyphen = word == "-" and previous[-1:].isalnum() and following[:1].isalnum()
        glue = (
            not out
            or word in NO_SPACE_BEFORE
            or previous in NO_SPACE_AFTER
            or (word == "s" and previous in ("’", "'"))
            or hyphen
            or (previous == "-" and out.endswith("-") and not out.endswith(" -"))
        )
        out += word if glue else " " + word
    return out


def head_word(words: list[str]) -> str:
    """A phrase's head, read from its words: the last word before an of-phrase, a comma, an
    apposition or a clause ("the Turkey head of rights group Amnesty" → "head")."""
    kept: list[str] = []
    for word in words:
        if kept and word.lower() in HEAD_BREAKS:
            break
        kept.append(word)
    content = [_plain(w) for w in kept if _plain(w) and w.lower() not in POSSESSIVE]
    return (content or [""])[-1]


def side_matches(predicted: str | None, gold: list[str]) -> bool:
    """Whether a predicted side matches a gold span: the head word of one is among the
    words of the other (compared in lower case, without dots and hyphens: "U.S." is "us",
    "al-Sarraj" is "al" and "sarraj")."""
    if not predicted:
        return False
    words = _words(predicted)
    gold_words = _words(" ".join(gold))
    plain_gold = {_plain(w) for w in gold_words}
    plain_words = {_plain(w) for w in words}
    return head_word(words) in plain_gold or head_word(gold_words) in plain_words


def _words(text: str) -> list[str]:
    """Words and punctuation, hyphenated words split: "al-Sarraj" → al, -, Sarraj."""
    return re.findall(r"\w+(?:[.'’]\w+)*\.?|[^\w\s]", text)


def _plain(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalnum())


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def _sides(sentence: RoleSentence, role: str) -> list[list[str]]:
    return sentence.spans.get(role, []) + sentence.spans.get("R", [])


@register("cameo-roles")
def cameo_roles(
    path: Path, *, extractor, records: list, limit: int | None = None
) -> dict[str, Any]:
    sentences = read_roles(path)[:limit] if limit else read_roles(path)
    documents = [Document(text=s.text, id=str(i)) for i, s in enumerate(sentences, 1)]
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for sentence, extraction in zip(sentences, extractor.extract_many(documents), strict=True):
        sources, targets = _sides(sentence, "S"), _sides(sentence, "T")
        pairs = [
            (s, t) for s in sources for t in targets if s is not t
        ]  # (an R span is a source and a target, but not of the same event)
        source_ok = any(side_matches(e.source.text, s) for e in extraction.events for s in sources)
        target_ok = any(
            bool(e.target) and side_matches(e.target.text, t)
            for e in extraction.events
            for t in targets
        )
        pair_ok = any(
            bool(e.target) and side_matches(e.source.text, s) and side_matches(e.target.text, t)
            for e in extraction.events
            for s, t in pairs
        )
        totals["sentences"] += 1
        totals["with_source"] += bool(sources)
        totals["with_target"] += bool(targets)
        totals["with_pair"] += bool(pairs)
        hits["source"] += source_ok
        hits["target"] += target_ok
        hits["pair"] += pair_ok
        hits["with_event"] += bool(extraction.events)
        records.append(
            {
                "text": sentence.text,
                "gold": {k: [" ".join(s) for s in v] for k, v in sentence.spans.items()},
                "events": [
                    {
                        "source": e.source.text,
                        "target": e.target.text if e.target else None,
                        "cameo": e.cameo,
                        "trigger": e.trigger.text,
                    }
                    for e in extraction.events
                ],
                "source_ok": source_ok,
                "target_ok": target_ok,
                "pair_ok": pair_ok,
            }
        )
    return {
        "sentences": totals["sentences"],
        "event_rate": _ratio(hits["with_event"], totals["sentences"]),
        "source_recall": _ratio(hits["source"], totals["with_source"]),
        "target_recall": _ratio(hits["target"], totals["with_target"]),
        "pair_recall": _ratio(hits["pair"], totals["with_pair"]),
    }
