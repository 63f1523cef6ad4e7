"""The server as an attacker or a careless client meets it: host names it does not serve,
NUL bytes, ids past SQLite's range, LIKE wildcards, formulas in CSV cells, too many
expensive requests at once, queries that run too long, exports too large, and every
parameter fuzzed (hypothesis) — never a 500, always the one error shape."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
import time
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kronika.store.export import safe_cell
from kronika.web import create_app
from kronika.web.app import read_only
from web_store import build_store

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def store_path(extractor, tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("hardening"), extractor)


async def fetch(app, method, url, host="127.0.0.1", **kwargs) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as client:
        return await client.request(method, url, **kwargs)


def get(app, url, **kwargs) -> httpx.Response:
    return asyncio.run(fetch(app, "GET", url, **kwargs))


@pytest.fixture(scope="module")
def app(store_path, extractor):
    return create_app(store_path, extractor=extractor, token=TOKEN)


def error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["message"]


# -- host names -------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_a_host_name_not_served_gets_400(app, host):
    message = error(get(app, "/api/stats", host=host), 400)

    assert "--allow-host" in message and repr(host.split(":")[0]) in message


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "[::1]:8000", "192.168.1.5:80"]
)
def test_loopback_names_and_ip_addresses_are_served(app, host):
    assert get(app, "/api/stats", host=host).status_code == 200


def test_names_given_with_allow_host_are_served(store_path, extractor):
    app = create_app(store_path, extractor=extractor, hosts=["0.0.0.0", "Kronika.LAN"])

    assert get(app, "/api/stats", host="kronika.lan:8000").status_code == 200
    assert get(app, "/", host="other.lan").status_code == 400


def test_a_dns_rebinding_request_over_a_real_socket_is_refused(store_path, extractor):
    import socket
    import threading

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(store_path, extractor=extractor, hosts=["127.0.0.1"]),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        rebound = httpx.get(f"{base}/api/events", headers={"Host": f"attacker.example:{port}"})
        direct = httpx.get(f"{base}/api/events")
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "bad_host"
    assert direct.status_code == 200


# -- bad parameters are 400, never 500 --------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/quotes?text=%00",
        "/api/events?text=a%00b",
        "/quotes?text=%00",
        "/api/documents/%00",
        "/api/search?q=%01",
    ],
)
def test_control_characters_are_400(app, url):
    assert "control character" in error(get(app, url), 400)


@pytest.mark.parametrize("url", ["/api/events/{}", "/events/{}"])
@pytest.mark.parametrize("number", [2**63, 2**64 + 5, -(2**63) - 1, 0])
def test_ids_out_of_range_are_400(app, url, number):
    error(get(app, url.format(number)), 400)


def test_the_largest_id_is_a_plain_404(app):
    error(get(app, f"/api/events/{2**63 - 1}"), 404)


# -- LIKE wildcards are literal -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "wildcard"),
    [
        ("/api/events", {"text": "%"}),
        ("/api/events", {"text": "_"}),
        ("/api/events", {"place": "%"}),
        ("/api/events", {"actor": "%"}),
        ("/api/quotes", {"speaker": "_"}),
        ("/api/actors", {"code": "%"}),
    ],
)
def test_percent_and_underscore_match_themselves(app, url, wildcard):
    body = get(app, url, params=wildcard).json()

    assert body["items"] == []  # no text in the store holds a literal % or _


def test_a_literal_percent_finds_itself(extractor, tmp_path):
    path = build_store(
        tmp_path,
        extractor,
        [
            {
                "id": "pct",
                "date": "2023-01-02",
                "text": "Germany condemned Russia for 50% tariffs.",
            },
            {
                "id": "num",
                "date": "2023-01-03",
                "text": "Germany condemned Russia for 500 tariffs.",
            },
        ],
    )
    app = create_app(path, extractor=extractor)

    found = get(app, "/api/events", params={"text": "50%"}).json()["items"]

    assert [e["document"] for e in found] == ["pct"]


# -- CSV cells are not formulas -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tcell", "'\tcell"),
        ("-1.5", "-1.5"),
        ("---GOV", "---GOV"),
        ("IRN", "IRN"),
        (-1.5, -1.5),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_exports_neutralise_formulas(extractor, tmp_path):
    evil = '=HYPERLINK("http://evil.example","click")'
    path = build_store(
        tmp_path,
        extractor,
        [
            {
                "id": evil,
                "url": "@SUM(1+1)",
                "date": "2023-01-02",
                "text": "Germany condemned Russia for the border incident.",
            }
        ],
    )
    app = create_app(path, extractor=extractor)

    response = get(app, "/api/export", params={"format": "csv"})

    assert response.status_code == 200
    [row] = list(csv.DictReader(io.StringIO(response.text)))
    assert row["document"] == "'" + evil
    assert row["url"] == "'@SUM(1+1)"
    assert not any(cell.startswith(("=", "+", "@")) for cell in row.values())


# -- limits ---------------------------------------------------------------------------------


def test_exports_over_the_cap_are_refused(store_path, extractor):
    app = create_app(store_path, extractor=extractor, max_export=2)

    message = error(get(app, "/api/export", params={"format": "csv"}), 413)

    assert "3 events" in message and "cap of 2" in message
    assert get(app, "/api/export", params={"format": "csv", "dyad": "IRN:TJK"}).status_code == 200


def test_a_query_over_the_time_limit_is_interrupted(store_path):
    conn = read_only(store_path, seconds=0.2)
    started = time.monotonic()

    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        ).fetchone()

    assert time.monotonic() - started < 5


def test_a_request_over_the_time_limit_gets_503(store_path, extractor, monkeypatch):
    app = create_app(store_path, extractor=extractor, query_seconds=0.2)

    def endless(conn, where):
        return conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        ).fetchone()[0]

    monkeypatch.setattr("kronika.web.data.count_events", endless)
    response = get(app, "/api/events")

    assert "time limit" in error(response, 503)
    assert response.headers["retry-after"]


def test_expensive_requests_wait_for_a_slot_and_cheap_ones_do_not(
    store_path, extractor, monkeypatch
):
    app = create_app(store_path, extractor=extractor, slots={"export": 1}, wait_seconds=0.5)
    real = __import__("kronika.web.api", fromlist=["export"]).export

    def slow_export(*args, **kwargs):
        time.sleep(2)
        return real(*args, **kwargs)

    monkeypatch.setattr("kronika.web.api.export", slow_export)

    async def together():
        first = asyncio.create_task(fetch(app, "GET", "/api/export?format=csv"))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        stats = await fetch(app, "GET", "/api/stats")
        stats_seconds = time.monotonic() - started
        second = await fetch(app, "GET", "/api/export?format=csv")
        return await first, stats, stats_seconds, second

    first, stats, stats_seconds, second = asyncio.run(together())

    assert first.status_code == 200
    assert stats.status_code == 200 and stats_seconds < 1.5  # never queued behind exports
    assert "busy" in error(second, 503) and second.headers["retry-after"] == "5"


def test_a_post_extracts_outside_the_write_lock(store_path, extractor, monkeypatch):
    from kronika.web import data

    app = create_app(store_path, extractor=extractor, token=TOKEN)
    held = []
    real = extractor.annotate

    def annotate(doc, document):
        held.append(data._WRITE_LOCK.locked())
        return real(doc, document)

    monkeypatch.setattr(extractor, "annotate", annotate)
    response = asyncio.run(
        fetch(
            app,
            "POST",
            "/api/documents",
            json={"text": "Chile signed a trade agreement with Peru in Lima."},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    )

    assert response.status_code == 201, response.text
    assert held == [False]


# -- pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "function", "params"),
    [
        ("/api/actors", "actors", {}),
        ("/api/search", "search", {"q": "Iran OR Poland OR Germany"}),
    ],
)
def test_a_deep_page_fetches_no_more_than_a_page(app, monkeypatch, url, function, params):
    """The rows before `offset` are skipped by SQLite: a page never fetches them all."""
    from kronika.store import query

    everything = get(app, url, params=params).json()["items"]
    real, fetched = getattr(query, function), []

    def counted(*args, **kwargs):
        rows = real(*args, **kwargs)
        fetched.append(len(rows))
        return rows

    monkeypatch.setattr(query, function, counted)
    n = len(everything)
    pages = [get(app, url, params={**params, "limit": 1, "offset": k}).json() for k in range(n)]

    assert n >= 3
    assert [p["items"] for p in pages] == [[item] for item in everything]
    assert [p["next_offset"] for p in pages] == [*range(1, n), None]
    assert max(fetched) <= 2  # the page and one row to say whether more follow


# -- every parameter, fuzzed ------------------------------------------------------------

ENDPOINTS = {
    "/api/events": [
        "actor", "source", "target", "dyad", "code", "plover", "since", "until", "place",
        "text", "limit", "offset", "mentions", "after", "modality", "negated", "exact",
    ],
    "/api/quotes": ["speaker", "text", "limit", "offset"],
    "/api/actors": ["code", "limit", "offset"],
    "/api/search": ["q", "limit", "offset"],
    "/api/timeline": ["actor", "dyad", "by", "since", "until", "text", "place", "code"],
    "/api/network": ["actor", "edges", "since", "text", "plover"],
    "/api/locations": ["actor", "place", "text", "until"],
    "/api/export": ["format", "actor", "place", "text", "since", "all_events"],
    "/": ["actor", "place", "text", "limit", "offset", "code"],
    "/quotes": ["speaker", "text", "limit"],
    "/actors": ["code", "offset"],
    "/search": ["q", "limit"],
    "/timeline": ["by", "actor"],
}  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        ["\x00", "%", "_", "2022-13", "9" * 30, "IRN*", "*", '"', "'", "a:b:c", "NEAR(", "\\"]
    ),
)


def never_500(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400 and response.headers["content-type"].startswith("application"):
        assert set(response.json()["error"]) == {"code", "message"}


@pytest.mark.parametrize("url", list(ENDPOINTS))
def test_fuzzed_parameters_never_get_a_500(app, url):
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(ENDPOINTS[url]) | st.text(max_size=8), VALUES))
    def check(params):
        never_500(get(app, url, params=params))

    check()


@pytest.mark.parametrize("url", ["/api/events/{}", "/events/{}", "/api/documents/{}"])
def test_fuzzed_path_ids_never_get_a_500(app, url):
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(VALUES)
    def check(value):
        never_500(get(app, url.format(quote(value, safe=""))))

    check()
