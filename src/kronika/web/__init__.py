"""kronika's HTTP server: a JSON API and a dashboard over one store (`kronika serve`).

    >>> from kronika.web import create_app
    >>> app = create_app("kronika.db", token="s3cret")   # any ASGI server runs it

Needs the `web` extra (`pip install 'kronika[web]'`). The API is documented in docs/api.md.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
