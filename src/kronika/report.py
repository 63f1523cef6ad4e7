"""Human-readable summaries of extractions."""

from __future__ import annotations

from .records import Extraction, Place


def text_table(header: list[str], rows: list[list[str]], *, width: int, indent: str = "") -> str:
    """A plain-text table (tabulate's "simple" layout), cells cut at `width` characters;
    codes stay text (`042` is not a number)."""
    from tabulate import tabulate

    cut = [[str(cell)[:width] for cell in row] for row in rows]
    text = tabulate(cut, headers=header, tablefmt="simple", disable_numparse=True)
    return "\n".join(indent + line.rstrip() for line in text.splitlines())


def _rows(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [f"{title} ({len(rows)})"]
    if not rows:
        return lines + ["  (none)", ""]
    return lines + text_table(header, rows, width=48, indent="  ").splitlines() + [""]


def table(extraction: Extraction) -> str:
    """A plain-text report of one extraction: actors, events, quotes, places, dates."""
    doc = extraction.document
    lines = [f"== {doc.id or doc.path or 'document'}  date {doc.date or 'unknown'}", ""]
    seen: set[tuple[str, str]] = set()
    actor_rows = []
    for a in extraction.actors:
        if (a.name, a.code) in seen:
            continue
        seen.add((a.name, a.code))
        actor_rows.append([a.name, a.code, a.kind, a.role or ""])
    lines += _rows("actors", ["name", "code", "kind", "role"], actor_rows)
    lines += _rows(
        "events",
        ["source", "target", "cameo", "plover", "date", "trigger", "modality"],
        [
            [
                e.source.code or "",
                e.target.code or "" if e.target else "",
                e.cameo,
                e.plover.get("type") or "",
                e.date or "",
                e.trigger.text,
                e.modality + (" negated" if e.negated else ""),
            ]
            for e in extraction.events
        ],
    )
    lines += _rows(
        "quotes",
        ["speaker", "direct", "text"],
        [
            [q.speaker.get("name") or "?", "yes" if q.direct else "no", q.text[:60]]
            for q in extraction.quotes
        ],
    )
    mentions: dict[tuple[str, str | None], int] = {}
    first: dict[tuple[str, str | None], Place] = {}
    for p in extraction.places:
        key = (p.text, p.country)
        mentions[key] = mentions.get(key, 0) + 1
        first.setdefault(key, p)
    place_rows = []
    for key, count in mentions.items():
        p = first[key]
        place_rows.append(
            [
                p.text,
                p.country or "",
                f"{p.lat:.2f}" if p.lat is not None else "",
                f"{p.lon:.2f}" if p.lon is not None else "",
                p.kind,
                str(count),
            ]
        )
    lines += _rows("places", ["text", "country", "lat", "lon", "kind", "mentions"], place_rows)
    lines += _rows(
        "dates",
        ["text", "value", "granularity"],
        [[d.text, d.value or "", d.granularity] for d in extraction.dates],
    )
    lines += _rows(
        "equipment",
        ["text", "kind", "origin"],
        [[e.text, e.kind, e.origin or ""] for e in extraction.equipment],
    )
    return "\n".join(lines)
