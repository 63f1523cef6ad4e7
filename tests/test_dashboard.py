"""The dashboard in real headless Chromium (Debian's `chromium`, driven by Playwright).

Without Chromium these tests skip: install it with `apt-get install -y chromium` (Debian/
Ubuntu), and Playwright's Python package with `pip install -e '.[dev]'`. Playwright's own
browser download (`playwright install`) is not used.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from web_store import ODD_RECORDS, build_store

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("KRONIKA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or set KRONIKA_CHROMIUM to a Chromium binary) to run the dashboard tests"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[dev]'"
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    reason = _browser_missing()
    if reason:
        pytest.skip(reason)
    return CHROMIUM


def serve(path: Path):
    """The app for the store at `path` on a real socket on 127.0.0.1, in a thread; yields
    its base URL."""
    import uvicorn

    from kronika.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uvicorn_server.started, "uvicorn did not start within 20 s"
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(chromium, extractor, tmp_path_factory):
    yield from serve(build_store(tmp_path_factory.mktemp("dashboard"), extractor))


@pytest.fixture(scope="module")
def odd_server(chromium, extractor, tmp_path_factory):
    """A store whose document ids hold '/', '%', '?', '#' and spaces."""
    yield from serve(build_store(tmp_path_factory.mktemp("odd"), extractor, ODD_RECORDS))


@pytest.fixture(scope="module")
def browser(chromium, server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page that records console errors, uncaught exceptions, dialogs and failed requests."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on(  # everything the dashboard needs comes from this server
            "request",
            lambda r: (
                None
                if r.url.startswith((base + "/", "data:", "about:"))
                else self.problems.append(f"left the server: {r.url}")
            ),
        )
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, path
        return self.page


@pytest.fixture
def watched(browser, server):
    page = Watched(browser, server)
    yield page
    page.page.close()
    assert page.problems == []
    assert page.dialogs == []


def until(condition, seconds: float = 5.0) -> bool:
    """Poll a condition (the page's CSP rightly forbids the eval of wait_for_function)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_events_page_lists_the_events(watched):
    page = watched.open("/")
    rows = page.locator("table.events tbody tr[data-event]")
    assert rows.count() == 3
    assert "Tajikistan" in page.locator("table.events").inner_text()
    assert page.locator(".stat").first.inner_text().startswith("3")


def test_filters_narrow_the_table(watched):
    page = watched.open("/")
    page.fill("input[name=dyad]", "IRN:TJK")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?*dyad=IRN%3ATJK*")
    assert page.locator("table.events tbody tr[data-event]").count() == 1
    export = page.locator(".exports a", has_text="gdelt").get_attribute("href")
    assert export.startswith("/api/export?") and "dyad=IRN%3ATJK" in export


def test_bad_filter_shows_the_message(watched, browser, server):
    page = browser.new_page()
    response = page.goto(server + "/?code=abc")
    assert response.status == 400
    assert "'abc' is not a CAMEO code" in page.locator(".error").inner_text()
    page.close()


def test_event_drills_down_to_its_highlighted_sentence(watched):
    page = watched.open("/?dyad=IRN:TJK")
    page.locator("a.drill").first.click()
    page.wait_for_url("**/documents/d2?mention=*")
    sentence = page.locator("#text .k-sentence")
    assert sentence.count() >= 1
    marked = page.evaluate(  # the text of the marked spans, without the code tags
        """() => Array.from(document.querySelectorAll('#text .k-sentence'))
            .flatMap((span) => Array.from(span.childNodes))
            .filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent).join('')"""
    )
    assert "Iran signed a defence agreement with Tajikistan in Dushanbe." in marked
    assert page.locator("#focus").is_visible()
    trigger = page.locator("#text .k-trigger").first
    assert "057" in trigger.get_attribute("title")
    assert page.locator("#text .k-actor").count() >= 2


def test_article_view_highlights_every_kind_with_codes_on_hover(watched):
    page = watched.open("/documents/d1")
    for kind in ("actor", "place", "date", "quote", "trigger"):
        assert page.locator(f"#text .k-{kind}").count() >= 1, kind
    actor = page.locator("#text .k-actor", has_text="Anna Keller").first
    assert "DEUGOV" in actor.get_attribute("title") or "DEU" in actor.get_attribute("title")


def test_timeline_draws_bars_and_the_goldstein_line(watched):
    page = watched.open("/timeline?by=month")
    page.wait_for_selector("#timeline svg")
    bars = page.locator("#timeline rect.bar-rect").all()
    periods = {b.get_attribute("data-period") for b in bars}
    assert periods == {"2023-03", "2023-04"}
    assert page.locator("#timeline path.gline").count() == 1
    assert page.locator("#timeline .x-axis .tick").count() >= 2  # a real time axis


def test_timeline_spaces_periods_by_time_and_keeps_empty_ones(watched):
    page = watched.open("/timeline?by=day")
    page.wait_for_selector("#timeline rect.bar-rect")
    x = {
        b.get_attribute("data-period"): float(b.get_attribute("x"))
        for b in page.locator("#timeline rect.bar-rect").all()
    }
    assert set(x) == {"2023-03-13", "2023-04-02", "2023-04-03"}
    one_day = x["2023-04-03"] - x["2023-04-02"]
    # 20 empty days between the first two articles take 20 days of the axis
    assert x["2023-04-02"] - x["2023-03-13"] == pytest.approx(20 * one_day, rel=0.02)


def test_map_draws_the_world_and_the_places_offline(watched):
    page = watched.open("/map")
    page.wait_for_selector("#map[data-ready=true] path.dot")
    assert page.locator("#map path.land").count() > 200  # the bundled Natural Earth 1:50m
    assert page.locator("#map path.dot").count() >= 1
    assert page.locator("#map-table tbody tr").count() >= 1
    # `watched` checks on teardown that no request left the server


def test_map_zooms_and_pans(watched):
    page = watched.open("/map")
    page.wait_for_selector("#map[data-ready=true]")
    figure = page.locator("#map")
    zoom = float(figure.get_attribute("data-zoom"))
    page.click(".leaflet-control-zoom-in")
    assert until(lambda: float(figure.get_attribute("data-zoom")) > zoom)
    centre = figure.get_attribute("data-centre")
    box = page.locator("#map-canvas").bounding_box()

    def drag(x: float, y: float) -> bool:
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 200, y + 80, steps=12)
        page.mouse.up()
        return until(lambda: figure.get_attribute("data-centre") != centre, seconds=4)

    # Drag from open ground: a press that lands on a place's circle is a click on it. On a
    # loaded machine the first drag can also start while the zoom still settles; try a few.
    starts = [(0.5, 0.5), (0.8, 0.25), (0.75, 0.8)]
    assert any(
        drag(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy) for fx, fy in starts
    )
    assert until(
        lambda: page.url.endswith(
            f"#{figure.get_attribute('data-zoom')}/"
            + figure.get_attribute("data-centre").replace(",", "/")
        )
    )


def test_map_opens_a_shared_view(watched):
    page = watched.open("/map#4/32.5/38.25")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator("#map").get_attribute("data-zoom") == "4"
    assert page.locator("#map").get_attribute("data-centre") == "32.50,38.25"


def test_map_place_names_are_text(watched):
    page = watched.open("/map")
    page.wait_for_selector("#map[data-ready=true] path.dot")
    page.locator("#map path.dot").first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "events" in tooltip.inner_text() and tooltip.locator("script, img").count() == 0


def test_network_lays_out_the_actors_named_by_their_codes(watched):
    page = watched.open("/network")
    page.wait_for_selector("#network svg g.node")
    nodes = {n.get_attribute("data-code"): n for n in page.locator("#network g.node").all()}
    assert {"IRN", "TJK", "POL", "BLR"} <= set(nodes)
    assert page.locator("#network path.edge").count() == 3
    germany = nodes["DEUGOV"]
    assert germany.locator("text").text_content() == "Germany · government"
    assert (germany.get_attribute("data-country"), germany.get_attribute("data-sector")) == (
        "DEU",
        "GOV",
    )
    assert germany.get_attribute("data-first") == "2023-03-13"
    assert "country DEU · sector GOV" in germany.locator("title").text_content()


def test_cameo_and_plover_are_pick_lists(watched):
    page = watched.open("/")
    plover = page.locator("select[name=plover] option").all_inner_texts()
    assert {"ACCUSE", "CONSULT", "SUPPORT", "ASSAULT"} <= set(plover)
    assert page.locator("select[name=code] option[value='05*']").count() == 1
    page.select_option("select[name=code]", "057")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?*code=057*")
    assert page.locator("table.events tbody tr[data-event]").count() == 1
    assert page.locator("select[name=code]").input_value() == "057"


def test_actor_filter_is_a_prefix_or_exact(watched):
    page = watched.open("/?actor=DEU")
    assert page.locator("table.events tbody tr[data-event]").count() == 1  # DEUGOV
    page.check("input[name=exact]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?*exact=true*")
    assert page.locator("table.events tbody tr[data-event]").count() == 0
    assert page.locator("input[name=exact]").is_checked()


def test_an_article_whose_id_has_a_slash_and_a_percent_opens(odd_server, browser):
    page = Watched(browser, odd_server)
    view = page.open("/")
    links = view.locator("a.drill")
    assert links.count() == len(ODD_RECORDS)
    for number in range(links.count()):
        view.goto(odd_server + "/")
        view.locator("a.drill").nth(number).click()
        view.wait_for_selector("#text")
        assert view.locator("#text .k-sentence").count() >= 1
        assert view.locator("h1").inner_text()
    assert page.problems == []
    page.page.close()


@pytest.mark.parametrize("path", ["/quotes", "/actors", "/search?q=Dushanbe", "/events/1"])
def test_other_pages_render(watched, path):
    page = watched.open(path)
    assert page.locator("main table, main ol").first.inner_text().strip()


@pytest.mark.parametrize("path", ["/documents/xss", "/?source=POL", "/quotes", "/events/3"])
def test_hostile_article_shows_as_text_and_runs_nothing(watched, path):
    page = watched.open(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.kronikaPwned") == "undefined"
    assert page.locator("main script, main img").count() == 0
    if path == "/documents/xss":
        text = page.locator("#text").inner_text()
        assert "<script>window.kronikaPwned = 1; alert(1)</script>" in text
        assert '<img src=x onerror="window.kronikaPwned = 2; alert(2)">' in text
        assert "<script>" in page.locator("h1").inner_text()
    # `watched` asserts on teardown that no dialog opened and nothing was logged
