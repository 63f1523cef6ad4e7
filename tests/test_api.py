"""The HTTP API in-process (httpx ASGITransport), and once over a real socket."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import pytest

from kronika.store import connect
from kronika.web import create_app
from web_store import IMG, SCRIPT, build_store

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def store_path(extractor, tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("api"), extractor)


class Client:
    """A synchronous face on httpx.AsyncClient over the app, no server or socket."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as c:
                return await c.request(method, url, **kwargs)

        return asyncio.run(go())

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="module")
def client(store_path, extractor):
    return Client(create_app(store_path, extractor=extractor))


def error(response: httpx.Response, status: int) -> str:
    """Check the one error shape and return its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["message"]


def test_events_list_with_paging(client):
    body = client.get("/api/events").json()
    assert body["total"] == 3
    assert [e["document"] for e in body["items"]] == ["d1", "d2", "xss"]
    first = client.get("/api/events", params={"limit": 1}).json()
    second = client.get("/api/events", params={"limit": 1, "offset": first["next_offset"]}).json()
    assert first["next_offset"] == 1
    assert second["items"][0]["id"] == body["items"][1]["id"]
    last = client.get("/api/events", params={"limit": 1, "offset": 2}).json()
    assert last["next_offset"] is None


def test_events_page_after_a_cursor(client):
    everything = [e["id"] for e in client.get("/api/events").json()["items"]]
    seen, params = [], {"limit": 1}
    while True:
        page = client.get("/api/events", params=params).json()
        seen += [e["id"] for e in page["items"]]
        if page["next_after"] is None:
            break
        params = {"limit": 1, "after": page["next_after"]}
    assert seen == everything and len(everything) > 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"dyad": "DEU:RUS"}, {("DEUGOV", "RUSGOV")}),
        ({"actor": "TJK"}, {("IRN", "TJK")}),
        ({"source": "POL"}, {("POL", "BLR")}),
        ({"target": "Belarus"}, {("POL", "BLR")}),
        ({"code": "05*"}, {("IRN", "TJK")}),
        ({"plover": "accuse"}, {("POL", "BLR")}),
        ({"since": "2023-04"}, {("IRN", "TJK"), ("POL", "BLR")}),
        ({"until": "2023-03"}, {("DEUGOV", "RUSGOV")}),
        ({"text": "defence agreement"}, {("IRN", "TJK")}),
        ({"place": "Dushanbe"}, {("IRN", "TJK")}),
    ],
)
def test_events_take_the_cli_filters(client, params, expected):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    assert {(e["source_code"], e["target_code"]) for e in response.json()["items"]} == expected


def test_event_mentions_on_request(client):
    items = client.get("/api/events", params={"dyad": "IRN:TJK", "mentions": "true"}).json()
    mention = items["items"][0]["mentions"][0]
    assert mention["document"] == "d2" and "defence agreement" in mention["sentence"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"dyad": "IRN"}, "dyad: 'IRN' must be SOURCE:TARGET"),
        ({"code": "abc"}, "code: 'abc' is not a CAMEO code"),
        ({"plover": "HUG"}, "plover: 'HUG' is not a PLOVER type"),
        ({"since": "2023-13"}, "since: '2023-13' is not a calendar date"),
        ({"until": "yesterday"}, "until: 'yesterday' is not a date"),
        ({"since": "2024", "until": "2023"}, "since: 2024 is after until=2023"),
        ({"limit": "0"}, "limit:"),
        ({"limit": "100000"}, "limit: Input should be less than or equal to 500"),
        ({"offset": "-1"}, "offset:"),
        ({"after": "yesterday"}, "after: 'yesterday' is not a position in the listing"),
        ({"after": "2023-01-01,1" + "0" * 20}, "after:"),
        ({"dayd": "2023"}, "dayd: unknown parameter"),
        ({"actor": "x" * 500}, "actor: String should have at most 200 characters"),
    ],
)
def test_bad_filters_are_400_with_a_clear_message(client, params, words):
    assert words in error(client.get("/api/events", params=params), 400)


def test_other_queries(client):
    quotes = client.get("/api/quotes", params={"speaker": "Keller"}).json()["items"]
    assert [q["text"] for q in quotes] == ["We want a lasting peace,"]
    actors = client.get("/api/actors", params={"code": "IRN"}).json()["items"]
    assert actors and all(a["code"].startswith("IRN") for a in actors)
    hits = client.get("/api/search", params={"q": "Dushanbe"}).json()["items"]
    assert [h["document"] for h in hits] == ["d2"]
    timeline = client.get("/api/timeline", params={"by": "month"}).json()["items"]
    assert [(p["period"], p["events"]) for p in timeline] == [("2023-03", 1), ("2023-04", 2)]
    graph = client.get("/api/network", params={"source": "IRN"}).json()
    assert [(e["source"], e["target"]) for e in graph["edges"]] == [("IRN", "TJK")]
    assert {n["code"] for n in graph["nodes"]} == {"IRN", "TJK"}
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 3 and stats["events"] == 3
    places = client.get("/api/locations").json()["items"]
    assert all(p["lat"] is not None for p in places) and places


def test_search_syntax_error_is_400(client):
    assert "cannot search for" in error(client.get("/api/search", params={"q": '"open'}), 400)
    assert "q: Field required" in error(client.get("/api/search"), 400)


def test_document_has_text_and_every_annotation_with_offsets(client):
    doc = client.get("/api/documents/d1").json()
    assert doc["title"] == "Talks in Berlin"
    for kind in ("actors", "places", "dates", "quotes", "events"):
        assert doc[kind], kind
        for item in doc[kind]:
            start = item.get("start", item.get("sentence_start"))
            end = item.get("end", item.get("sentence_end"))
            assert 0 <= start < end <= len(doc["text"])
    quote = doc["quotes"][0]
    assert doc["text"][quote["start"] : quote["end"]].strip('" ,') == "We want a lasting peace"
    event = doc["events"][0]
    assert doc["text"][event["trigger_start"] : event["trigger_end"]] == event["trigger_text"]


def test_missing_things_are_404(client):
    assert "no document with id 'nope'" in error(client.get("/api/documents/nope"), 404)
    assert "no event with id 999" in error(client.get("/api/events/999"), 404)
    assert "nothing at /api/nowhere" in error(client.get("/api/nowhere"), 404)


def test_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/events",
        "/api/quotes",
        "/api/actors",
        "/api/documents/{doc_id}",
        "/api/search",
        "/api/timeline",
        "/api/network",
        "/api/stats",
    ):
        assert path in paths
    assert "post" in paths["/api/documents"]


def test_export_of_the_current_filter(client):
    response = client.get("/api/export", params={"format": "csv", "dyad": "IRN:TJK"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = response.text.strip().splitlines()
    assert len(rows) == 2 and "TJK" in rows[1]
    plover = client.get("/api/export", params={"format": "plover"}).text.strip().splitlines()
    assert len(plover) == 3
    gdelt = client.get("/api/export", params={"format": "gdelt", "source": "POL"}).text
    assert gdelt.count("\n") == 1 and "\tPOL\t" in gdelt
    assert "is not an export format" in error(
        client.get("/api/export", params={"format": "xls"}), 400
    )


# --- escaping ---------------------------------------------------------------------------


def test_json_keeps_hostile_text_as_data(client):
    doc = client.get("/api/documents/xss")
    assert doc.headers["content-type"] == "application/json"
    assert SCRIPT in doc.json()["text"] and IMG in doc.json()["text"]


@pytest.mark.parametrize(
    "url", ["/documents/xss", "/", "/events/3", "/quotes", "/search?q=Poland", "/?source=POL"]
)
def test_pages_escape_article_text_titles_and_quotes(client, url):
    page = client.get(url)
    assert page.status_code == 200
    html = page.text
    assert "<script>window" not in html and "<img src=x" not in html
    assert "onerror=" not in html.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    if url in ("/documents/xss", "/", "/events/3", "/?source=POL"):
        assert "&lt;script&gt;window.kronikaPwned = 1; alert(1)&lt;/script&gt;" in html
    # the only scripts are the bundled file, so the CSP can forbid inline code
    assert html.count("<script") == 1 and 'src="/static/kronika.js"' in html
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_article_view_marks_the_chosen_sentence(client):
    doc = client.get("/api/documents/d2").json()
    mention = doc["events"][0]["mention_id"]
    html = client.get(f"/documents/d2?mention={mention}").text
    assert 'id="focus"' in html and "k-sentence" in html and "k-trigger" in html


# --- writing ----------------------------------------------------------------------------

ARTICLE = {
    "id": "posted-1",
    "date": "2024-02-01",
    "title": "Posted",
    "source": "API",
    "text": "Turkey condemned Greece for the naval incident in the Aegean.",
}


@pytest.fixture
def writable(tmp_path, extractor):
    path = tmp_path / "w.db"
    connect(path).close()
    return Client(create_app(path, token=TOKEN, extractor=extractor, max_body=4096))


def test_post_ingests_with_the_token(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = writable.post("/api/documents", json=ARTICLE, headers=auth)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "ingested": 1,
        "duplicates": 0,
        "rejected": [],
        "documents": ["posted-1"],
    }
    doc = writable.get("/api/documents/posted-1").json()
    assert doc["events"] and doc["events"][0]["source_code"] == "TUR"
    again = writable.post("/api/documents", json=[ARTICLE], headers=auth).json()
    assert again["ingested"] == 0 and again["duplicates"] == 1
    assert writable.get("/api/stats").json()["documents"] == 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": TOKEN}, 401),  # the scheme is required
    ],
)
def test_post_without_the_right_token_is_401(writable, headers, status):
    message = error(writable.post("/api/documents", json=ARTICLE, headers=headers), status)
    assert "Authorization: Bearer TOKEN" in message
    assert writable.get("/api/stats").json()["documents"] == 0


def test_bad_token_is_refused_before_the_body_is_checked(writable):
    error(writable.post("/api/documents", json={"nope": 1}), 401)


def test_writes_are_disabled_without_a_configured_token(client):
    message = error(
        client.post("/api/documents", json=ARTICLE, headers={"Authorization": "Bearer x"}), 403
    )
    assert "--token or KRONIKA_TOKEN" in message


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"title": "no text"}, "text: Field required"),
        ({**ARTICLE, "text": "   "}, "the article text is blank"),
        ({**ARTICLE, "date": "last week"}, "is not a date kronika reads"),
        ([], "non-empty list"),
    ],
)
def test_bad_articles_are_400(writable, body, words):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert words in error(writable.post("/api/documents", json=body, headers=auth), 400)


def test_oversized_bodies_are_413(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {**ARTICLE, "text": "Turkey condemned Greece. " * 400}
    assert "over 4096 bytes" in error(writable.post("/api/documents", json=big, headers=auth), 413)

    async def chunks():  # no Content-Length: the limit counts what streams in
        for _ in range(10):
            yield b"x" * 1000

    response = writable.post("/api/documents", content=chunks(), headers=auth)
    assert response.status_code == 413


# --- over a real socket -----------------------------------------------------------------


def test_real_socket_smoke(store_path):
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(store_path), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start within 20 s"
        response = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=10)
        assert response.status_code == 200 and response.json()["events"] == 3
    finally:
        server.should_exit = True
        thread.join(timeout=10)
