"""Document ids of any characters work everywhere: the CLI, the Python store API, the HTTP API
(the id percent-encoded as one path segment) and the dashboard's links."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.store import connect
from kronika.store.documents import document
from web_store import ODD_ID, ODD_RECORDS, build_store

pytestmark = pytest.mark.slow
IDS = [r["id"] for r in ODD_RECORDS]


@pytest.fixture(scope="module")
def store_path(extractor, tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("ids"), extractor, ODD_RECORDS)


def get(app, url: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            return await c.get(url)

    return asyncio.run(go())


@pytest.fixture(scope="module")
def app(store_path):
    from kronika.web import create_app

    return create_app(store_path)


@pytest.mark.parametrize("doc_id", IDS)
def test_python_finds_the_document_by_its_id(store_path, doc_id):
    found = document(connect(store_path, create=False), doc_id)
    assert found is not None and found["id"] == doc_id
    assert found["events"], "each odd-id article codes an event"


@pytest.mark.parametrize("doc_id", IDS)
def test_cli_prints_the_document(store_path, doc_id):
    result = CliRunner().invoke(cli, ["document", doc_id, "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == doc_id


def test_cli_says_when_there_is_no_such_document(store_path):
    result = CliRunner().invoke(cli, ["document", "basil/nope", "--db", str(store_path)])
    assert result.exit_code == 1
    assert "no document with id 'basil/nope'" in result.output


def test_cli_events_name_the_documents(store_path):
    result = CliRunner().invoke(cli, ["events", "--db", str(store_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {e["document"] for e in json.loads(result.output)} == set(IDS)


@pytest.mark.parametrize("doc_id", IDS)
def test_api_takes_the_percent_encoded_id(app, doc_id):
    response = get(app, "/api/documents/" + quote(doc_id, safe=""))
    assert response.status_code == 200, response.text
    assert response.json()["id"] == doc_id


def test_api_takes_a_slash_left_unencoded(app):
    response = get(app, "/api/documents/basil/2b95%252F_1")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == ODD_ID


def test_api_404_names_the_id(app):
    response = get(app, "/api/documents/" + quote("basil/nope", safe=""))
    assert response.status_code == 404
    assert "basil/nope" in response.json()["error"]["message"]


def test_dashboard_links_open_each_article(app):
    page = get(app, "/")
    assert page.status_code == 200
    for doc_id in IDS:
        link = "/documents/" + quote(doc_id, safe="")
        assert f'href="{link}?mention=' in page.text, doc_id
        article = get(app, link)
        assert article.status_code == 200, doc_id
        assert ODD_RECORDS[IDS.index(doc_id)]["text"][:20] in article.text
