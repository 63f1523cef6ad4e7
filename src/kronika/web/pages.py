"""The dashboard: server-rendered pages (Jinja2, autoescaped) over the same queries as the API.

Tables are rendered here; the timeline, map and network are drawn in the browser by
`static/kronika.js` from the JSON API, with the page's filters passed in `data-` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..store import StoreError, query
from ..store.documents import document as stored_document
from ..store.query import MODALITIES
from . import data
from .api import EXPORT_FORMATS, EventFilters, Paging, Store, one_page
from .errors import ApiError
from .params import FILTER_NAMES, MAX_VALUE, EventId, period, plover_types, reject_unknown

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

PAGE_NAMES = ("limit", "offset")


def render(request: Request, template: str, **context: Any) -> Any:
    context.setdefault("choices", choices())
    return request.app.state.templates.TemplateResponse(request, template, context)


@lru_cache(maxsize=1)
def choices() -> dict[str, Any]:
    """What the filter form's pick-lists offer: CAMEO codes grouped by root, PLOVER types
    and modalities."""
    from ..coding.cameo import cameo_table

    table = cameo_table().codes
    roots = sorted(code for code in table if len(code) == 2)
    cameo = [
        (root, table[root].name, [(c, table[c].name) for c in sorted(table) if c[:2] == root])
        for root in roots
    ]
    values = {f"{root}*" for root in roots} | set(table)
    return {
        "cameo": cameo,
        "cameo_values": values,
        "plover": sorted(plover_types()),
        "modalities": list(MODALITIES),
    }


def link(path: str, **params: Any) -> str:
    """A dashboard URL with the given (non-empty) query parameters."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"{path}?{urlencode(kept)}" if kept else path


@router.get("/")
def events_view(request: Request, conn: Store, where: EventFilters, paging: Paging) -> Any:
    reject_unknown(request, (*FILTER_NAMES, *PAGE_NAMES))
    selection = where.event_filter()
    items, more = data.events_page(conn, selection, limit=paging.limit, offset=paging.offset)
    chosen = where.as_query()
    return render(
        request,
        "events.html",
        view="events",
        filters=where,
        events=items,
        total=data.count_events(conn, selection),
        stats=query.stats(conn),
        paging=paging,
        previous=link("/", **chosen, offset=max(paging.offset - paging.limit, 0))
        if paging.offset
        else None,
        next=link("/", **chosen, offset=paging.offset + paging.limit) if more else None,
        exports=[(fmt, link("/api/export", **chosen, format=fmt)) for fmt in EXPORT_FORMATS],
        query=urlencode(chosen),
    )


@router.get("/events/{event_id}")
def event_view(request: Request, conn: Store, event_id: EventId) -> Any:
    reject_unknown(request, ())
    event = data.event_by_id(conn, event_id)
    if event is None:
        raise ApiError(404, "not_found", f"no event with id {event_id}")
    return render(
        request,
        "event.html",
        view="event",
        event=event,
        mentions=data.event_mentions(conn, event_id),
    )


@router.get("/timeline")
def timeline_view(
    request: Request,
    where: EventFilters,
    by: Annotated[str, Query()] = "week",
) -> Any:
    reject_unknown(request, (*FILTER_NAMES, "by"))
    period(by)
    return render(
        request,
        "timeline.html",
        view="timeline",
        filters=where,
        by=by,
        api=link("/api/timeline", **where.as_query(), by=by),
    )


@router.get("/map")
def map_view(request: Request, where: EventFilters) -> Any:
    reject_unknown(request, FILTER_NAMES)
    return render(
        request,
        "map.html",
        view="map",
        filters=where,
        api=link("/api/locations", **where.as_query()),
        events=link("/", **where.as_query()),
    )


@router.get("/network")
def network_view(request: Request, where: EventFilters) -> Any:
    reject_unknown(request, FILTER_NAMES)
    return render(
        request,
        "network.html",
        view="network",
        filters=where,
        api=link("/api/network", **where.as_query(), edges=150),
    )


@router.get("/quotes")
def quotes_view(
    request: Request,
    conn: Store,
    paging: Paging,
    speaker: Annotated[str | None, Query(max_length=MAX_VALUE)] = None,
    text: Annotated[str | None, Query(max_length=MAX_VALUE)] = None,
) -> Any:
    reject_unknown(request, ("speaker", "text", *PAGE_NAMES))
    speaker, text = (speaker or "").strip() or None, (text or "").strip() or None
    rows = query.quotes(
        conn, speaker=speaker, text=text, limit=paging.limit + 1, offset=paging.offset
    )
    items, more = one_page(rows, paging)
    return render(
        request,
        "quotes.html",
        view="quotes",
        quotes=items,
        speaker=speaker or "",
        text=text or "",
        next=link("/quotes", speaker=speaker, text=text, offset=paging.offset + paging.limit)
        if more
        else None,
    )


@router.get("/actors")
def actors_view(
    request: Request,
    conn: Store,
    paging: Paging,
    code: Annotated[str | None, Query(max_length=MAX_VALUE)] = None,
) -> Any:
    reject_unknown(request, ("code", *PAGE_NAMES))
    code = (code or "").strip() or None
    rows = query.actors(conn, code=code, limit=paging.limit + 1, offset=paging.offset)
    items, more = one_page(rows, paging)
    return render(
        request,
        "actors.html",
        view="actors",
        actors=items,
        code=code or "",
        next=link("/actors", code=code, offset=paging.offset + paging.limit) if more else None,
    )


@router.get("/search")
def search_view(
    request: Request,
    conn: Store,
    q: Annotated[str | None, Query(max_length=MAX_VALUE)] = None,
) -> Any:
    reject_unknown(request, ("q",))
    hits: list[Any] = []
    problem = None
    if q and q.strip():
        try:
            hits = [h.to_dict() for h in query.search(conn, q.strip(), limit=50)]
        except StoreError as exc:
            problem = str(exc)
    for hit in hits:
        hit["parts"] = snippet_parts(hit["snippet"])
    return render(request, "search.html", view="search", q=q or "", hits=hits, problem=problem)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split an FTS snippet's `[match]` markers into (text, is_match) parts to render safely."""
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while "[" in rest and "]" in rest[rest.index("[") :]:
        before, _, after = rest.partition("[")
        inside, _, rest = after.partition("]")
        parts += [(before, False), (inside, True)]
    parts.append((rest, False))
    return [p for p in parts if p[0]]


# --- the article view -------------------------------------------------------------------


@dataclass
class Span:
    start: int
    end: int
    kind: str  # actor, place, date, equipment, quote, trigger, sentence
    label: str = ""
    tag: str = ""


@dataclass
class Segment:
    """A run of text covered by the same spans; rendered as one escaped <span>."""

    text: str
    kinds: list[str] = field(default_factory=list)
    title: str = ""
    tags: list[tuple[str, str]] = field(default_factory=list)  # (kind, code) ending here
    anchor: str | None = None


def spans_of(document: dict[str, Any], focus: int | None) -> list[Span]:
    """Every annotation of a document as a character span, labelled with its codes."""
    spans: list[Span] = []
    for a in document["actors"]:
        what = " ".join(p for p in (a["code"], a["kind"], a["role"]) if p)
        spans.append(Span(a["start"], a["end"], "actor", f"actor {a['name']}: {what}", a["code"]))
    for p in document["places"]:
        where = f"{p['lat']:.2f}, {p['lon']:.2f}" if p["lat"] is not None else "no coordinates"
        spans.append(
            Span(
                p["start"],
                p["end"],
                "place",
                f"place {p['name']} ({p['country'] or '?'}, {p['kind'] or '?'}; {where})",
                p["country"] or "LOC",
            )
        )
    for d in document["dates"]:
        spans.append(
            Span(
                d["start"],
                d["end"],
                "date",
                f"date {d['value']} ({d['granularity']})",
                d["value"] or "DATE",
            )
        )
    for e in document["equipment"]:
        spans.append(
            Span(e["start"], e["end"], "equipment", f"equipment {e['name']}: {e['kind']}", "EQUIP")
        )
    for q in document["quotes"]:
        kind = "direct" if q["direct"] else "indirect"
        speaker = q["speaker_name"] or "unknown speaker"
        spans.append(
            Span(
                q["start"],
                q["end"],
                "quote",
                f"{kind} quote by {speaker} ({q['speaker_code'] or '---'})",
            )
        )
    for e in document["events"]:
        label = (
            f"event {e['cameo']} {e['cameo_name'] or ''} / {e['plover_type'] or '-'}: "
            f"{e['source_code'] or '---'} → {e['target_code'] or '---'}"
            f" (Goldstein {e['goldstein']}, {e['modality']}{', negated' if e['negated'] else ''})"
        )
        if e["trigger_start"] is not None and e["trigger_end"] is not None:
            spans.append(Span(e["trigger_start"], e["trigger_end"], "trigger", label, e["cameo"]))
        if focus is not None and e["mention_id"] == focus and e["sentence_end"] is not None:
            spans.append(Span(e["sentence_start"], e["sentence_end"], "sentence", label))
    size = len(document["text"])
    return [s for s in spans if 0 <= s.start < s.end <= size]


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut the text at every span boundary, so overlapping annotations (an actor inside a
    quote, a trigger inside the focused sentence) each keep their own class and label."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    found: list[Segment] = []
    anchored = False
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s.start <= left and s.end >= right]
        piece = Segment(text[left:right])
        if covering:
            piece.kinds = sorted({s.kind for s in covering})
            piece.title = "\n".join(dict.fromkeys(s.label for s in covering if s.label))
            ending: dict[str, str] = {}  # an actor and a place on one word: one IRN tag
            for s in covering:
                if s.end == right and s.tag:
                    ending.setdefault(s.tag, s.kind)
            piece.tags = [(kind, tag) for tag, kind in ending.items()]
            if "sentence" in piece.kinds and not anchored:
                piece.anchor, anchored = "focus", True
        found.append(piece)
    return found


@router.get("/documents/{doc_id:path}")
def document_view(
    request: Request,
    conn: Store,
    doc_id: str,
    mention: Annotated[int | None, Query(description="The mention whose sentence to mark.")] = None,
) -> Any:
    reject_unknown(request, ("mention",))
    document = stored_document(conn, doc_id)
    if document is None:
        raise ApiError(404, "not_found", f"no document with id {doc_id!r}")
    counts = {
        kind: len(document[key])
        for kind, key in (
            ("actor", "actors"),
            ("trigger", "events"),
            ("quote", "quotes"),
            ("place", "places"),
            ("date", "dates"),
            ("equipment", "equipment"),
        )
    }
    return render(
        request,
        "document.html",
        view="document",
        document=document,
        segments=segments(document["text"], spans_of(document, mention)),
        counts=counts,
        mention=mention,
    )
