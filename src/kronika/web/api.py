"""The JSON API: the store's queries over HTTP, with the CLI's filters and bounded paging.

Every error is `{"error": {"code": ..., "message": ...}}` (see `app.py`); every list is
`{"items": [...], "limit": n, "offset": k, "next_offset": k + n or null}`.
"""

from __future__ import annotations

import hmac
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from ..store import StoreError, query
from ..store.documents import document as stored_document
from ..store.export import export
from . import data
from .errors import ApiError
from .params import (
    FILTER_NAMES,
    MAX_VALUE,
    BadRequest,
    EventId,
    Filters,
    Page,
    filters,
    page,
    period,
    reject_unknown,
)

router = APIRouter(prefix="/api")

MAX_ARTICLE = 1_000_000
"""Longest article text a POST accepts, in characters."""
MAX_BATCH = 50
EXPORT_FORMATS = ("csv", "gdelt", "icews", "plover", "geojson", "graphml", "gexf")
EXPORT_TYPES = {
    "csv": ("text/csv", "csv"),
    "gdelt": ("text/tab-separated-values", "tsv"),
    "icews": ("text/tab-separated-values", "tsv"),
    "plover": ("application/x-ndjson", "jsonl"),
    "geojson": ("application/geo+json", "geojson"),
    "graphml": ("application/xml", "graphml"),
    "gexf": ("application/xml", "gexf"),
}
PAGING = ("limit", "offset")
AFTER = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Continue after this event: the previous page's `next_after` (DAY,ID)."
        " Each page is then an index seek, however deep; `offset` still skips rows after it.",
    ),
]


def store(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection for this request (see `app.read_only`)."""
    conn = request.app.state.reader()
    try:
        yield conn
    finally:
        conn.close()


Store = Annotated[sqlite3.Connection, Depends(store)]
EventFilters = Annotated[Filters, Depends(filters)]
Paging = Annotated[Page, Depends(page)]


def listing(items: list[Any], paging: Page, more: bool, **extra: Any) -> dict[str, Any]:
    return {
        "items": items,
        "limit": paging.limit,
        "offset": paging.offset,
        "next_offset": paging.offset + paging.limit if more else None,
        **extra,
    }


def one_page(rows: list[Any], paging: Page) -> tuple[list[dict[str, Any]], bool]:
    """A page from the limit+1 rows a query gave after `offset`: the page, and whether more
    follow."""
    return [r.to_dict() for r in rows[: paging.limit]], len(rows) > paging.limit


@router.get("/events", summary="Events matching the filters, oldest first")
def get_events(
    request: Request,
    conn: Store,
    where: EventFilters,
    paging: Paging,
    mentions: Annotated[bool, Query(description="Add every mention of each event.")] = False,
    after: AFTER = None,
) -> dict[str, Any]:
    reject_unknown(request, (*FILTER_NAMES, *PAGING, "mentions", "after"))
    selection = where.event_filter()
    try:
        cursor = query.parse_cursor(after) if after else None
    except StoreError as exc:
        raise BadRequest("after", str(exc)) from None
    items, more = data.events_page(
        conn, selection, limit=paging.limit, offset=paging.offset, after=cursor
    )
    if mentions and items:
        found = query.mentions(conn, [e["id"] for e in items])
        for event in items:
            event["mentions"] = [m.to_dict() for m in found.get(event["id"], [])]
    next_after = query.format_cursor(query.cursor_of(items[-1])) if more else None
    return listing(
        items, paging, more, total=data.count_events(conn, selection), next_after=next_after
    )


@router.get("/events/{event_id}", summary="One event with every mention of it")
def get_event(request: Request, conn: Store, event_id: EventId) -> dict[str, Any]:
    reject_unknown(request, ())
    event = data.event_by_id(conn, event_id)
    if event is None:
        raise ApiError(404, "not_found", f"no event with id {event_id}")
    event["mentions"] = data.event_mentions(conn, event_id)
    return event


@router.get("/quotes", summary="Quotes by speaker and/or containing words")
def get_quotes(
    request: Request,
    conn: Store,
    paging: Paging,
    speaker: Annotated[
        str | None,
        Query(max_length=MAX_VALUE, description="A speaker code prefix or part of a name."),
    ] = None,
    text: Annotated[
        str | None, Query(max_length=MAX_VALUE, description="Words in the quote (a phrase).")
    ] = None,
) -> dict[str, Any]:
    reject_unknown(request, ("speaker", "text", *PAGING))
    rows = query.quotes(
        conn,
        speaker=(speaker or "").strip() or None,
        text=(text or "").strip() or None,
        limit=paging.limit + 1,
        offset=paging.offset,
    )
    items, more = one_page(rows, paging)
    return listing(items, paging, more)


@router.get("/actors", summary="Actors by code and name, most mentioned first")
def get_actors(
    request: Request,
    conn: Store,
    paging: Paging,
    code: Annotated[
        str | None, Query(max_length=MAX_VALUE, description="A code prefix or part of a name.")
    ] = None,
) -> dict[str, Any]:
    reject_unknown(request, ("code", *PAGING))
    rows = query.actors(
        conn, code=(code or "").strip() or None, limit=paging.limit + 1, offset=paging.offset
    )
    items, more = one_page(rows, paging)
    return listing(items, paging, more)


@router.get("/search", summary="Full-text search over articles, best first")
def get_search(
    request: Request,
    conn: Store,
    paging: Paging,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_VALUE,
            description='FTS5 query: words, "phrases", AND/OR/NOT.',
        ),
    ],
) -> dict[str, Any]:
    reject_unknown(request, ("q", *PAGING))
    rows = query.search(conn, q, limit=paging.limit + 1, offset=paging.offset)
    items, more = one_page(rows, paging)
    return listing(items, paging, more)


@router.get("/timeline", summary="Events, mentions and mean Goldstein per period")
def get_timeline(
    request: Request,
    conn: Store,
    where: EventFilters,
    by: Annotated[
        str, Query(description="day, week (labelled by its Monday), month or year")
    ] = "week",
) -> dict[str, Any]:
    reject_unknown(request, (*FILTER_NAMES, "by"))
    rows = query.timeline(conn, where.event_filter(), by=period(by))
    return {"by": by, "filters": where.as_query(), "items": [r.to_dict() for r in rows]}


@router.get("/network", summary="Directed actor network of the selected events")
def get_network(
    request: Request,
    conn: Store,
    where: EventFilters,
    edges: Annotated[int, Query(ge=1, le=2000, description="Keep the heaviest edges.")] = 300,
) -> dict[str, Any]:
    reject_unknown(request, (*FILTER_NAMES, "edges"))
    graph = query.network(conn, where.event_filter())
    kept = graph.edges[:edges]
    codes = {e.source for e in kept} | {e.target for e in kept}
    return {
        "nodes": [n.to_dict() for c, n in graph.nodes.items() if c in codes],
        "edges": [e.to_dict() for e in kept],
        "truncated": len(graph.edges) > len(kept),
    }


@router.get("/locations", summary="Where the selected events happened, one row per place")
def get_locations(request: Request, conn: Store, where: EventFilters) -> dict[str, Any]:
    reject_unknown(request, FILTER_NAMES)
    return {"items": data.locations(conn, where.event_filter())}


@router.get("/stats", summary="What the store holds")
def get_stats(request: Request, conn: Store) -> dict[str, Any]:
    reject_unknown(request, ())
    return query.stats(conn)


@router.get(
    "/documents/{doc_id:path}",
    summary="An article's text with every annotation and its character offsets",
)
def get_document(request: Request, conn: Store, doc_id: str) -> dict[str, Any]:
    reject_unknown(request, ())
    found = stored_document(conn, doc_id)
    if found is None:
        raise ApiError(404, "not_found", f"no document with id {doc_id!r}")
    return found


@router.get(
    "/export",
    summary="The selected events in another tool's format, as a download",
    response_class=FileResponse,
)
def get_export(
    request: Request,
    conn: Store,
    where: EventFilters,
    format: Annotated[str, Query(description=", ".join(EXPORT_FORMATS))] = "csv",
    all_events: Annotated[
        bool,
        Query(
            description="gdelt, icews and plover hold asserted, non-negated events unless "
            "this is true or modality/negated is given."
        ),
    ] = False,
) -> FileResponse:
    reject_unknown(request, (*FILTER_NAMES, "format", "all_events"))
    if format not in EXPORT_FORMATS:
        raise BadRequest(
            "format", f"{format!r} is not an export format; one of {', '.join(EXPORT_FORMATS)}"
        )
    selection = where.event_filter()
    selected = data.count_events(conn, selection)
    cap = request.app.state.max_export
    if selected > cap:
        raise ApiError(
            413,
            "too_large",
            f"the selection holds {selected:,} events, over the server's export cap of "
            f"{cap:,}; narrow the filters, or run `kronika export` on the store",
        )
    media, suffix = EXPORT_TYPES[format]
    folder = tempfile.mkdtemp(prefix="kronika-export-")
    out = Path(folder) / f"kronika-events.{suffix}"

    def clean() -> None:
        out.unlink(missing_ok=True)
        Path(folder).rmdir()

    try:
        export(conn, format, out, selection, all_events=all_events)
    except BaseException:
        clean()
        raise
    # written to disk, then streamed from it in chunks: memory stays flat however large
    return FileResponse(out, media_type=media, filename=out.name, background=BackgroundTask(clean))


# --- writing ----------------------------------------------------------------------------


class Article(BaseModel):
    """One article, with the fields the readers take (only `text` is required)."""

    text: str = Field(min_length=1, max_length=MAX_ARTICLE)
    id: str | None = Field(None, max_length=MAX_VALUE)
    date: str | None = Field(None, max_length=40, description="YYYY-MM-DD or an ISO timestamp")
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=MAX_VALUE)
    url: str | None = Field(None, max_length=2000)


class Posted(BaseModel):
    ingested: int
    duplicates: int
    rejected: list[str]
    documents: list[str]


def writer(
    request: Request,
    authorization: Annotated[
        str | None, Header(description="`Bearer TOKEN`, the server's --token / KRONIKA_TOKEN")
    ] = None,
) -> None:
    """Writes need the server's token; a server started without one takes no writes."""
    token = request.app.state.token
    if not token:
        raise ApiError(
            403,
            "writes_disabled",
            "this server takes no writes: start it with --token or KRONIKA_TOKEN set",
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise ApiError(
            401,
            "unauthorized",
            "send the server's token as the header 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": "Bearer"},
        )


@router.post(
    "/documents",
    status_code=201,
    summary="Extract and store articles (needs the token)",
    dependencies=[Depends(writer)],
    response_model=Posted,
)
def post_documents(request: Request, body: Article | list[Article]) -> dict[str, Any]:
    from ..readers import ReaderError, document_from_record
    from ..store import connect
    from ..store.write import content_hash

    reject_unknown(request, ())
    articles = body if isinstance(body, list) else [body]
    if not articles:
        raise BadRequest("body", "send an article object or a non-empty list of them")
    if len(articles) > MAX_BATCH:
        raise BadRequest("body", f"{len(articles)} articles; send at most {MAX_BATCH} per request")
    documents = []
    for number, article in enumerate(articles, 1):
        record = article.model_dump()
        if not record["text"].strip():
            raise BadRequest(f"body[{number - 1}].text", "the article text is blank")
        if not record["id"]:
            record["id"] = f"api-{content_hash(record['text'])[:12]}"
        try:
            documents.append(document_from_record(record, path="api", number=number, date=None))
        except ReaderError as exc:
            raise BadRequest(f"body[{number - 1}]", str(exc)) from None
    extractor = request.app.state.extractor()
    conn = connect(request.app.state.db, create=False)
    try:
        report = data.ingest_documents(conn, documents, extractor)
    finally:
        conn.close()
    return report.to_dict()
