"""The guides site (mkdocs.yml, guides/hooks.py): built strictly from the repository's docs,
offline (nothing loaded from another origin), searchable in English and Chinese, broken
links and anchors fail the build; served by the app at /guides, safely.

One build of the site for the module (about two seconds), one of a broken copy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from app import create_app
from guides import hooks
from tests.conftest import make_settings
from tests.live import record_page_problems

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# what the site is built from: the config, the hooks and theme files, docs/, and the two
# repository files shown as pages (README's list of guides, sdk/README.md)
SOURCES = ["mkdocs.yml", "README.md", "sdk/README.md", "guides", "docs"]
EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def copy_sources(to: Path) -> Path:
    for name in SOURCES:
        source, target = ROOT / name, to / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return to / "mkdocs.yml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the repository as it is (`make docs`, into a temporary folder)."""
    built = tmp_path_factory.mktemp("guides") / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", built)
    assert result.returncode == 0, result.stdout + result.stderr
    return built


def test_every_page_of_docs_is_built_and_in_the_navigation(site: Path) -> None:
    pages = [p.relative_to(DOCS).with_suffix(".html") for p in DOCS.rglob("*.md")]
    assert len(pages) > 10
    home = (site / "index.html").read_text()
    for page in pages:  # docs/zh/*.md too, once they exist
        assert (site / page).is_file(), page
        assert f'href="{page.as_posix()}"' in home, f"{page} is not in the navigation"
    # the pages kept outside docs/: README's list of guides as the home page, the SDK's README
    assert 'href="quickstart.html"' in home and "gigkit guides" in home
    sdk = (site / "sdk.html").read_text()
    assert 'href="sdk-readme.html"' in sdk  # docs/sdk.md's ../sdk/README.md
    assert "gk.escrow.create_hold" in (site / "sdk-readme.html").read_text()
    assert 'href="sdk.html"' in (site / "sdk-readme.html").read_text()  # ../docs/sdk.md


def test_search_index_has_english_words_and_chinese_split_into_words(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert "\\u200b" in index["config"]["separator"]  # a JavaScript (and Python) escape
    texts = " ".join(entry["title"] + " " + entry["text"] for entry in index["docs"])
    words = set(re.split(index["config"]["separator"], texts.lower()))
    assert {"idempotency", "escrow", "payslip"} <= words
    # jieba split the Chinese company name of the SDK samples (石首市皮具厂) at build time
    assert {"石首市", "皮具厂"} <= words
    # the offline plugin's copy, for a site opened from disk
    assert (site / "search" / "search_index.js").read_text().startswith("var __index =")


def test_nothing_is_loaded_from_another_origin(site: Path) -> None:
    """No script, stylesheet, font, image or frame from outside the site, and none of the
    theme's features that fetch from a CDN (diagrams, repository stats, web fonts)."""
    html = list(site.rglob("*.html"))
    css = list(site.rglob("*.css"))
    assert html and css
    tag = re.compile(r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", re.I)
    attribute = re.compile(r'\b(src|href|srcset|data)="([^"]*)"', re.I)
    for path in html:
        text = path.read_text()
        for element in tag.finditer(text):
            for _, value in attribute.findall(element[0]):
                assert not EXTERNAL.match(value.strip()), f"{path.name}: {element[0]}"
        assert 'class="mermaid"' not in text and "md-source" not in text, path.name
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path.name
    for path in css:
        text = path.read_text()
        for found in re.findall(r"url\(\s*['\"]?([^'\")]*)", text) + re.findall(
            r"@import\s+['\"]([^'\"]+)", text
        ):
            assert not EXTERNAL.match(found.strip()), f"{path.name}: {found}"
    for path in (ROOT / "guides" / "overrides").rglob("*.js"):  # our own scripts
        assert not re.search(r"https?://", path.read_text()), path


def test_a_broken_link_or_anchor_fails_the_build(tmp_path: Path) -> None:
    config = copy_sources(tmp_path)
    page = tmp_path / "docs" / "quickstart.md"
    page.write_text(
        page.read_text()
        + "\nSee [the missing page](no-such-page.md) and "
        + "[a missing heading](authentication.md#no-such-heading).\n"
    )
    result = mkdocs_build(config, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "no-such-page.md" in output
    assert "no-such-heading" in output


def test_navigation_picks_up_a_folder_of_chinese_pages(tmp_path: Path) -> None:
    """docs/zh/*.md need no configuration: a 中文 section of the navigation and of the home
    page, its index first; pages of docs/ missing from README's list are added too."""
    docs = tmp_path / "docs"
    (docs / "zh").mkdir(parents=True)
    (docs / "quickstart.md").write_text("# Quickstart\n")
    (docs / "new-page.md").write_text("# New\n")
    (docs / "zh" / "pay-a-worker.md").write_text("# 给工人付款\n")
    (docs / "zh" / "index.md").write_text("# 中文指南\n")
    nav = hooks.navigation(docs)
    assert nav[:2] == ["index.md", "quickstart.md"]
    assert "new-page.md" in nav
    assert nav[-1] == {"中文": ["zh/index.md", "zh/pay-a-worker.md"]}
    home = hooks.home_page(docs)
    assert "## 中文" in home and "[给工人付款](docs/zh/pay-a-worker.md)" in home
    # README's links, relative to README.md, are rewritten for the home page
    page = hooks.rewrite_links(home, "README.md", "index.md")
    assert "(zh/pay-a-worker.md)" in page and "(quickstart.md)" in page
    assert "(sdk-readme.md)" in page


def test_lists_read_as_on_github(site: Path) -> None:
    """Two-space continuation (docs/sdk.md): the fenced block and the paragraph stay in the
    first item, and the next `- ` line is the second item, not more text."""
    html = (site / "sdk.html").read_text()
    first_list = html.split("<ul>", 2)[1]
    assert first_list.count("<li>") >= 2
    assert "<code>gigkit_client</code>" in first_list.split("<li>")[2]


# --- served by the app ---------------------------------------------------------------------


def guides_app(tmp_path: Path, guides_dir: Path) -> Any:
    settings = make_settings(f"sqlite:///{tmp_path / 'g.db'}", tmp_path, guides_dir=guides_dir)
    return create_app(settings)


@pytest.fixture(scope="module")
def served_app(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return guides_app(tmp_path_factory.mktemp("instance"), site)


@pytest.fixture()
def client(served_app: Any) -> Any:
    return served_app.test_client()


def test_serves_the_index_pages_and_assets_with_their_types(client: Any, site: Path) -> None:
    redirect = client.get("/guides")
    assert redirect.status_code == 308 and redirect.headers["Location"].endswith("/guides/")
    index = client.get("/guides/")
    assert index.status_code == 200 and index.mimetype == "text/html"
    assert "gigkit guides" in index.get_data(as_text=True)
    assert index.headers["Cache-Control"] == "no-cache"
    assert "frame-ancestors 'none'" in index.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in index.headers["Content-Security-Policy"].split(";")[1]
    page = client.get("/guides/errors-and-idempotency.html")
    assert page.status_code == 200 and "Idempotency-Key" in page.get_data(as_text=True)
    unchanged = {"If-None-Match": page.headers["ETag"]}
    assert client.get("/guides/errors-and-idempotency.html", headers=unchanged).status_code == 304
    stylesheet = next((site / "assets" / "stylesheets").glob("main.*.min.css")).name
    css = client.get(f"/guides/assets/stylesheets/{stylesheet}")
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "immutable" in css.headers["Cache-Control"]
    script = client.get("/guides/assets/javascripts/iframe-worker-shim.js")
    assert script.status_code == 200 and script.mimetype.endswith("javascript")
    assert script.headers["Cache-Control"] == "no-cache"  # not fingerprinted
    data = client.get("/guides/search/search_index.json")
    assert data.status_code == 200 and data.mimetype == "application/json"
    image = client.get("/guides/images/payslip-en.png")
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_no_path_leaves_the_site(client: Any, site: Path) -> None:
    secret = site.parent / "secret.txt"  # beside the site, one `..` away
    secret.write_text("not for the web")
    for url in (
        "/guides/../secret.txt",
        "/guides/%2e%2e/secret.txt",
        "/guides/%2E%2E%2Fsecret.txt",
        "/guides/assets/..%2f..%2fsecret.txt",
        "/guides/%252e%252e/secret.txt",
        "/guides/..%5csecret.txt",
        "/guides//" + str(secret).lstrip("/"),
        "/guides/%00",
        "/guides/index.html%00.png",
    ):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 404, url
        assert "not for the web" not in response.get_data(as_text=True), url
    # the same paths as a server decodes them into PATH_INFO reach the route itself
    for path in ("/guides/../secret.txt", "/guides/assets/../../secret.txt", str(secret)):
        response = client.get("/guides/", environ_overrides={"PATH_INFO": path})
        assert response.status_code == 404, path
    assert client.get("/guides/", environ_overrides={"PATH_INFO": "/guides/"}).status_code == 200
    missing = client.get("/guides/no-such-page.html")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_a_site_never_built_says_to_run_make_docs(tmp_path: Path) -> None:
    client = guides_app(tmp_path, tmp_path / "nothing-here").test_client()
    for url in ("/guides/", "/guides/quickstart.html"):
        response = client.get(url)
        assert response.status_code == 404 and response.mimetype == "text/html"
        assert "make docs" in response.get_data(as_text=True)


def test_the_guides_are_not_operations_of_the_api(client: Any) -> None:
    spec = client.get("/openapi.json").get_json()
    assert not [path for path in spec["paths"] if path.startswith("/guides")]


# --- in a browser --------------------------------------------------------------------------


@pytest.fixture()
def served(served_app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, served_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_search_works_from_the_app_and_from_disk_with_the_network_cut_off(
    served: str, site: Path, playwright_driver: Any
) -> None:
    """Headless Chromium whose only reachable host is 127.0.0.1: from /guides/ and from the
    site opened as files, typing a word (English, then Chinese) lists pages; no request left
    the machine and no Content-Security-Policy violation or script error happened."""
    from playwright.sync_api import expect

    hosts: set[str] = set()
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=127.0.0.1",
        ],
    )
    context = browser.new_context()
    context.on("request", lambda r: hosts.add(r.url.split("/")[2] if "//" in r.url else ""))
    page = context.new_page()
    problems = record_page_problems(page)
    for start in (served + "/guides/", (site / "index.html").as_uri()):
        for query, expected in (("idempotency", "idempotency"), ("皮具厂", "皮具厂")):
            page.goto(start, wait_until="networkidle")  # the search worker has the index
            search = page.locator("input.md-search__input")
            search.click()
            search.press_sequentially(query, delay=30)  # Chinese: inserted, as by an IME
            search.press("End")  # the key up the theme reads the query on
            meta = page.locator(".md-search-result__meta")
            expect(meta).to_have_text(re.compile(r"^\d+ matching document"), timeout=15_000)
            first = page.locator(".md-search-result__item").first.inner_text()
            assert expected in first.lower(), (start, query, first)
    browser.close()
    assert hosts <= {"", served.split("/")[2]}, hosts
    assert problems == [], problems
