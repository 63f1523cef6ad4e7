"""Quote evaluation on PolNeAR (political news attribution relations, brat standoff).

A predicted quote matches a gold attribution when its text span covers at least half of the
gold Content span (discontinuous spans joined by ';'); each prediction matches at most one
attribution. The speaker of a matched attribution is right when the predicted speaker
mention overlaps the gold Source span, or the predicted name names the same person or
organisation as the Source text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Document, Quote
from . import EvaluationError, gold_document, prf, register

QUOTE_OPENERS = ("\u201c", '"', "\u2018", "'", "\u00ab")
MIN_COVER = 0.5
# Words that do not identify a speaker when comparing names ("the Clinton campaign").
NAME_STOPWORDS = {"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "'s", "\u2019s", "s"}

Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    """One gold attribution relation: what was said (Content) and who said it (Source)."""

    content: Spans
    content_text: str
    source: Spans = field(default_factory=list)
    source_text: str = ""
    cue_text: str = ""

    @property
    def length(self) -> int:
        return sum(end - start for start, end in self.content)

    @property
    def direct(self) -> bool:
        return self.content_text.lstrip().startswith(QUOTE_OPENERS)


@dataclass
class Article:
    id: str
    text: str
    date: str | None
    attributions: list[Attribution]


def parse_spans(field_text: str) -> Spans:
    """`Content 10 20;25 40` → [(10, 20), (25, 40)]."""
    _, _, offsets = field_text.partition(" ")
    spans = []
    for part in offsets.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return spans


def read_ann(path: Path) -> list[Attribution]:
    """The attribution relations of one brat `.ann` file."""
    spans: dict[str, tuple[str, Spans, str]] = {}
    relations: list[dict[str, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        columns = line.split("\t")
        try:
            if columns[0].startswith("T"):
                label = columns[1].split(" ", 1)[0]
                spans[columns[0]] = (label, parse_spans(columns[1]), columns[2])
            elif columns[0].startswith("E"):
                roles: dict[str, list[str]] = {}
                for argument in columns[1].split():
                    role, _, ref = argument.partition(":")
                    roles.setdefault(role, []).append(ref)
                relations.append(roles)
        except (IndexError, ValueError):
            raise EvaluationError(
                f"{path}:{number}: not a brat standoff line (expected 'T1<TAB>Label START END"
                f"<TAB>text' or 'E1<TAB>Role:T1 ...'): {line!r}"
            ) from None
    attributions = []
    for roles in relations:
        contents = [spans[ref] for ref in roles.get("Content", []) if ref in spans]
        if not contents:
            continue
        sources = [spans[ref] for ref in roles.get("Source", []) if ref in spans]
        cues = [spans[ref] for ref in roles.get("Cue", []) if ref in spans]
        attributions.append(
            Attribution(
                content=sorted(s for _, parts, _ in contents for s in parts),
                content_text=" ".join(text for _, _, text in sorted(contents, key=_first)),
                source=[s for _, parts, _ in sources for s in parts],
                source_text=" ".join(text for _, _, text in sources),
                cue_text=" ".join(text for _, _, text in cues),
            )
        )
    return attributions


def _first(span: tuple[str, Spans, str]) -> int:
    return span[1][0][0]


def read_polnear(path: Path, limit: int | None = None) -> list[Article]:
    """Articles of a PolNeAR folder (`text/*.txt`, `attributions/*.ann`), with the first
    annotator's file for each article and the date from `metadata.tsv` when it is found."""
    path = Path(path)
    texts, annotations = path / "text", path / "attributions"
    if not texts.is_dir() or not annotations.is_dir():
        raise EvaluationError(
            f"{path}: not a PolNeAR folder (expected the subfolders text/ and attributions/)"
        )
    dates = _dates(path)
    articles = []
    for text_path in sorted(texts.glob("*.txt")):
        candidates = sorted(annotations.glob(f"{text_path.stem}_*.ann"))
        if not candidates:
            continue
        articles.append(
            Article(
                id=text_path.stem,
                text=text_path.read_text(encoding="utf-8"),
                date=dates.get(text_path.stem) or _date_in_name(text_path.stem),
                attributions=read_ann(candidates[0]),
            )
        )
        if limit and len(articles) >= limit:
            break
    if not articles:
        raise EvaluationError(f"{path}: no article in text/ has a file in attributions/")
    return articles


def _dates(path: Path) -> dict[str, str]:
    for folder in (path, path.parent):
        metadata = folder / "metadata.tsv"
        if metadata.is_file():
            with open(metadata, encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle, delimiter="\t")
                return {
                    row["filename"]: row["publication_date"]
                    for row in rows
                    if row.get("filename") and row.get("publication_date")
                }
    return {}


def _date_in_name(stem: str) -> str | None:
    found = re.search(r"_(\d{4}-\d{2}-\d{2})_", stem)
    return found.group(1) if found else None


# -- scoring -----------------------------------------------------------------------------


def coverage(predicted: tuple[int, int], gold: Spans) -> float:
    """The share of the gold spans' characters that the predicted span covers."""
    total = sum(end - start for start, end in gold)
    if total <= 0:
        return 0.0
    start, end = predicted
    covered = sum(max(0, min(end, g_end) - max(start, g_start)) for g_start, g_end in gold)
    return covered / total


def match(predicted: list[tuple[int, int]], gold: list[Attribution]) -> dict[int, int]:
    """One-to-one matches, gold index → predicted index, as many as there can be. Pairs where
    the prediction covers at least half of the gold content are taken best fit (overlap over
    union) first, so a long quote goes to the attribution it is rather than to a short one
    nested in it; augmenting paths then add the matches that this order left out."""
    pairs = []
    for g, attribution in enumerate(gold):
        for p, span in enumerate(predicted):
            share = coverage(span, attribution.content)
            if share >= MIN_COVER:
                overlap = share * attribution.length
                union = attribution.length + (span[1] - span[0]) - overlap
                pairs.append((overlap / union if union > 0 else 0.0, g, p))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, g, p in pairs:
        if g not in matched and p not in used:
            matched[g] = p
            used.add(p)
    options: dict[int, list[int]] = {}
    for _, g, p in pairs:
        options.setdefault(g, []).append(p)
    owner = {p: g for g, p in matched.items()}
    for g in options:
        if g not in matched:
            _augment(g, options, owner, set())
    return {g: p for p, g in owner.items()}


def _augment(g: int, options: dict[int, list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    for p in options.get(g, []):
        if p in seen:
            continue
        seen.add(p)
        if p not in owner or _augment(owner[p], options, owner, seen):
            owner[p] = g
            return True
    return False


def _name_words(text: str) -> set[str]:
    words = re.findall(r"[\w\u2019']+", text.lower())
    return {w for w in words if w not in NAME_STOPWORDS and len(w) > 1}


def same_speaker(speaker: dict[str, Any], attribution: Attribution) -> bool:
    """The predicted speaker mention overlaps the gold Source, or names the same speaker."""
    start, end = speaker.get("start"), speaker.get("end")
    if isinstance(start, int) and isinstance(end, int):
        if any(start < g_end and g_start < end for g_start, g_end in attribution.source):
            return True
    name = speaker.get("name")
    if not name or not attribution.source_text:
        return False
    predicted, gold = _name_words(name), _name_words(attribution.source_text)
    # Proper names only: "Hillary Clinton" names the source "Clinton" and "the Clinton
    # campaign" does not name "Clinton" (its head is another word).
    proper = {w for w in re.findall(r"[A-Z][\w\u2019'-]+", attribution.source_text)}
    proper_words = _name_words(" ".join(proper))
    if not proper_words or not predicted:
        return False
    return proper_words <= predicted or (predicted <= gold and bool(predicted & proper_words))


def score(
    articles: Iterable[Article],
    predictions: Iterable[list[Quote] | list[dict[str, Any]]],
    records: list | None = None,
) -> dict[str, Any]:
    """Metrics of predicted quotes (Quote records, or dicts with start/end/speaker) against
    the articles' gold attributions."""
    counts = {"articles": 0, "gold": 0, "predicted": 0, "matched": 0}
    speaker_total = speaker_right = direct_total = direct_found = 0
    for article, quotes in zip(articles, predictions, strict=True):
        found = [_as_dict(q) for q in quotes]
        spans = [(q["start"], q["end"]) for q in found]
        matched = match(spans, article.attributions)
        counts["articles"] += 1
        counts["gold"] += len(article.attributions)
        counts["predicted"] += len(found)
        counts["matched"] += len(matched)
        misses, speaker_misses = [], []
        for g, attribution in enumerate(article.attributions):
            if attribution.direct:
                direct_total += 1
                direct_found += g in matched
            if g not in matched:
                misses.append(attribution.content_text)
                continue
            if attribution.source:
                speaker_total += 1
                speaker = found[matched[g]].get("speaker") or {}
                if same_speaker(speaker, attribution):
                    speaker_right += 1
                else:
                    speaker_misses.append(
                        {"gold": attribution.source_text, "predicted": speaker.get("name")}
                    )
        if records is not None:
            used = set(matched.values())
            records.append(
                {
                    "id": article.id,
                    "gold": len(article.attributions),
                    "predicted": len(found),
                    "matched": len(matched),
                    "missed": misses,
                    "spurious": [found[p].get("text") for p in range(len(found)) if p not in used],
                    "wrong_speaker": speaker_misses,
                }
            )
    metrics: dict[str, Any] = {
        "articles": counts["articles"],
        "attributions": counts["gold"],
        "predicted": counts["predicted"],
    }
    metrics.update(prf(counts["matched"], counts["predicted"], counts["gold"]))
    metrics["speaker_accuracy"] = round(speaker_right / speaker_total, 4) if speaker_total else 0.0
    metrics["direct_recall"] = round(direct_found / direct_total, 4) if direct_total else 0.0
    metrics["direct_attributions"] = direct_total
    return metrics


def _as_dict(quote: Quote | dict[str, Any]) -> dict[str, Any]:
    return quote.to_dict() if isinstance(quote, Quote) else quote


@register("polnear")
def polnear(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    articles = read_polnear(path, limit)
    return evaluate_articles(
        articles, lambda docs: (e.quotes for e in extractor.extract_many(docs)), records
    )


def evaluate_articles(
    articles: list[Article],
    quotes_of: Callable[[list[Document]], Iterable[list[Quote]]],
    records: list | None = None,
) -> dict[str, Any]:
    """Score the quotes that `quotes_of` finds in the articles (kronika's or a peer's)."""
    documents = [gold_document(a.text, a.id, a.date) for a in articles]
    return score(articles, quotes_of(documents), records)
