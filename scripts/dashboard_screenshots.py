"""Write a screenshot of each dashboard view to docs/img/ (for the README).

    .venv/bin/python scripts/dashboard_screenshots.py --db demo.db

Serves the store on a free 127.0.0.1 port in a thread and drives Debian's Chromium through
Playwright (no browser download): `apt-get install -y chromium` first.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

VIEWS = [
    ("events", "/"),
    ("timeline", "/timeline?by=month"),
    ("map-zoomed", "/map#4/32/38"),  # the Middle East, from a shared view (#zoom/lat/lon)
    ("map", "/map"),
    ("network", "/network"),
    ("article", None),  # the first event's sentence, highlighted in its article
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="demo.db")
    parser.add_argument("--out", default="docs/img")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    import httpx
    import uvicorn
    from playwright.sync_api import sync_playwright

    from kronika.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    first = httpx.get(f"{base}/api/events", params={"limit": 1}).json()["items"][0]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        for name, path in VIEWS:
            document = quote(first["document"], safe="")
            path = path or f"/documents/{document}?mention={first['mention_id']}#focus"
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            if name in ("timeline", "map", "map-zoomed", "network"):
                page.locator(f"#{name.split('-')[0]}").scroll_into_view_if_needed()
            page.screenshot(path=str(out / f"dashboard-{name}.png"))
            print(out / f"dashboard-{name}.png")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
