"""The guides: the static site `make docs` builds from docs/ (mkdocs.yml), served at
`/guides/` from `GIGKIT_GUIDES_DIR` (default: the checkout's `site/`). Not in the API spec.

- `/guides` redirects to `/guides/` (the rule's trailing slash), so the site's relative
  links resolve; a folder serves its `index.html`. Paths are joined safely: `..`, absolute
  or NUL paths are a 404.
- A missing file is the API's 404 problem; a site that was never built is a short HTML 404
  that says to run `make docs` (never a 500).
- Caching: the theme's fingerprinted assets (`bundle.a5f9d56c.min.js`) for a year, anything
  else revalidated on each use (ETag / Last-Modified, so unchanged files are a 304).
- Pages run only the site's own scripts (their few inline ones allowed by hash) and load
  nothing from another origin; they cannot be framed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from flask import Blueprint, Response, current_app, send_file
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from app.core.edge import inline_script_hashes

guides = Blueprint("guides", __name__)

FINGERPRINTED = re.compile(r"^assets/.*\.[0-9a-f]{8}\.min\.(js|css)$")
NOT_BUILT = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>gigkit guides not built</title>
<h1>The guides have not been built</h1>
<p>Run <code>make docs</code> in the gigkit checkout (it builds <code>site/</code>), or point
<code>GIGKIT_GUIDES_DIR</code> at a built site, then reload this page.</p>
<p>The API reference is at <a href="/docs">/docs</a>.</p>
</html>
"""


@guides.get("/guides/", defaults={"path": ""})
@guides.get("/guides/<path:path>")
def page(path: str) -> Response:
    site = Path(current_app.extensions["gigkit"].settings.guides_dir).resolve()
    if not (site / "index.html").is_file():
        return Response(NOT_BUILT, 404, mimetype="text/html", headers=_policy(NOT_BUILT))
    if path == "" or path.endswith("/"):
        path += "index.html"
    found = safe_join(str(site), path) if "\x00" not in path else None
    if found is None or not os.path.isfile(found):
        raise NotFound()
    response = send_file(found, conditional=True, etag=True, max_age=None)
    if FINGERPRINTED.match(path):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    if response.mimetype == "text/html":
        response.headers.update(_policy(Path(found).read_text(encoding="utf-8")))
    return response


def _policy(html: str) -> dict[str, str]:
    """The site's own scripts, styles, images, search worker and index; its inline
    scripts by hash; the theme's inline styles (set on elements)."""
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' {inline_script_hashes(html)}".strip(),
            "worker-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'none'",
            "base-uri 'none'",
            "object-src 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return {"Content-Security-Policy": policy, "X-Frame-Options": "DENY"}
