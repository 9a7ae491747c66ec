"""mkdocs hooks for the guides site (mkdocs.yml `hooks:`), run at build time only.

- The navigation follows README.md's "## Guides" list, then any other page of docs/ (so a
  new page is never left out), then one section per sub-folder (docs/zh/ is "中文").
- Pages from outside docs/ without a copy: the home page is README.md's "## Guides" list
  (unless docs/index.md exists), and sdk/README.md is the page `sdk-readme.md`.
- Links keep working both on GitHub and in the site: a link is written relative to the
  file it is in (docs/sdk.md links `../sdk/README.md`), and rewritten here to the page that
  shows its target. A link to any other file outside docs/ stays as it is, and the strict
  build fails on it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown, blockprocessors
from markdown.preprocessors import Preprocessor
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# site page -> the repository file it shows (its links are relative to that file)
INCLUDED = {"index.md": "README.md", "sdk-readme.md": "sdk/README.md"}
SECTION_TITLES = {"zh": "中文"}
HOME_INTRO = (
    "# gigkit guides\n\n"
    "How to use gigkit, task by task; every example runs as written. Each operation, with "
    "its request and response schemas, is in the [API reference](/docs) served beside these "
    "guides.\n\n"
)
_INLINE_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
_REFERENCE_LINK = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*)(\S+)", re.M)
_SECTION = re.compile(r"^## Guides\n(.*?)(?=^## |\Z)", re.M | re.S)
_TITLE = re.compile(r"^# (.+)$", re.M)
_ITEM = re.compile(r"^([*+-]|\d+\.)[ ]+")
_SUBLIST_IN_TEXT = re.compile(r"^[ ]{2,3}([*+-]|1\.)[ ]+.*")


class GitHubLists(Extension):
    """Lists as on GitHub: an item's paragraphs, fenced blocks and sub-lists continue at two
    spaces (`- text`, then `  more`); Python-Markdown wants four. Only the list processors
    change: indented code blocks still take four. As on GitHub, a line of an item's text
    starts a sub-list only with a bullet or `1.` (`  402. Releases…` goes on the text)."""

    def extendMarkdown(self, md: Markdown) -> None:
        default, md.tab_length = md.tab_length, 2  # the processors read it when made
        for name, make, priority in (
            ("indent", blockprocessors.ListIndentProcessor, 90),
            ("olist", blockprocessors.OListProcessor, 40),
            ("ulist", blockprocessors.UListProcessor, 30),
        ):
            processor = make(md.parser)
            if name != "indent":
                processor.INDENT_RE = _SUBLIST_IN_TEXT
            md.parser.blockprocessors.register(processor, name, priority)
        md.tab_length = default
        md.preprocessors.register(_NextItem(md), "gigkit_next_item", 20)  # after fences


class _NextItem(Preprocessor):
    """An item that follows an item's indented paragraph (`  …text` then `- next`) is the
    next item, as on GitHub; Python-Markdown would read it as more text without a blank line
    between them."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        indented_block = False
        for line in lines:
            if not line.strip():
                indented_block = False
            elif not out or not out[-1].strip():
                indented_block = line.startswith("  ") and not _ITEM.match(line)
            elif indented_block and _ITEM.match(line):
                out.append("")
                indented_block = False
            out.append(line)
        return out


def on_config(config: Any) -> Any:
    if config.nav is None:
        config.nav = navigation(Path(config.docs_dir))
    config.markdown_extensions.append(GitHubLists())
    return config


def on_files(files: Files, config: Any) -> Files:
    docs = Path(config.docs_dir)
    for uri, source in INCLUDED.items():
        if files.get_file_from_path(uri) is not None:
            continue  # docs/ has its own
        if uri == "index.md":
            content = home_page(docs)
            files.append(File.generated(config, uri, content=content))
        else:
            files.append(File.generated(config, uri, abs_src_path=str(ROOT / source)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    uri = page.file.src_uri
    generated = page.file.generated_by and uri in INCLUDED
    return rewrite_links(markdown, INCLUDED[uri] if generated else f"docs/{uri}", uri)


def rewrite_links(markdown: str, source: str, page_uri: str) -> str:
    """Point each relative link of `markdown` (written in the repository file `source`) at
    the site page that shows its target, relative to the page `page_uri`."""
    shown = {repo: uri for uri, repo in INCLUDED.items()}

    def target(link: str) -> str:
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", link, re.I):
            return link
        path, hash_, anchor = link.partition("#")
        repo = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if repo in shown:
            uri = shown[repo]
        elif repo.startswith("docs/") and not source.startswith("docs/"):
            uri = repo.removeprefix("docs/")
        else:
            return link
        relative = posixpath.relpath(uri, posixpath.dirname(page_uri) or ".")
        return relative + hash_ + anchor

    markdown = _INLINE_LINK.sub(lambda m: m[1] + target(m[2]) + m[3], markdown)
    return _REFERENCE_LINK.sub(lambda m: m[1] + target(m[2]), markdown)


def readme_guides() -> str:
    """The list under README.md's "## Guides" heading."""
    found = _SECTION.search(README.read_text(encoding="utf-8"))
    return found[1].strip() + "\n" if found else ""


def home_page(docs: Path) -> str:
    """README's list of guides (its links relative to README.md; rewritten per page), then
    a list for each sub-folder of pages (docs/zh/)."""
    parts = [HOME_INTRO, readme_guides()]
    for folder, pages in _folders(docs).items():
        title = SECTION_TITLES.get(folder, folder)
        items = [f"- [{_title(docs / page)}](docs/{page})" for page in pages]
        parts.append(f"\n## {title}\n\n" + "\n".join(items) + "\n")
    return "".join(parts)


def navigation(docs: Path) -> list[Any]:
    """Home, README's order, the rest of docs/*.md, then a section per sub-folder."""
    order: list[str] = ["index.md"]
    for link in _INLINE_LINK.findall(readme_guides()):
        repo = posixpath.normpath(link[1].partition("#")[0])
        uri = {r: u for u, r in INCLUDED.items()}.get(repo) or repo.removeprefix("docs/")
        if uri not in order and (uri in INCLUDED or (docs / uri).is_file()):
            order.append(uri)
    order += sorted(p.name for p in docs.glob("*.md") if p.name not in order)
    nav: list[Any] = list(order)
    for folder, pages in _folders(docs).items():
        nav.append({SECTION_TITLES.get(folder, folder): pages})
    return nav


def _folders(docs: Path) -> dict[str, list[str]]:
    """Each sub-folder's pages (its index.md or README.md first), by folder."""
    folders: dict[str, list[str]] = {}
    for folder in sorted(p for p in docs.iterdir() if p.is_dir()):
        pages = sorted(
            (p.relative_to(docs).as_posix() for p in folder.rglob("*.md")),
            key=lambda uri: (Path(uri).stem.lower() not in ("index", "readme"), uri),
        )
        if pages:
            folders[folder.name] = pages
    return folders


def _title(path: Path) -> str:
    found = _TITLE.search(path.read_text(encoding="utf-8"))
    return found[1].strip() if found else path.stem
