"""Web pages in, article out: the article body of an HTML page and its metadata (``PageMeta``).

The body comes from trafilatura (the field's reference extractor: fast, maintained, no network
at parse time), run for precision (comments, tables and link-heavy blocks left out). Before it
sees the page, one linear pass over the markup bounds the work: a page over ``MAX_HTML_CHARS``,
more than ``MAX_ELEMENTS`` elements or nesting deeper than ``MAX_DEPTH`` is refused with a
``ValueError`` naming the limit (lxml silently drops a document nested deeper than ~255 levels,
and extraction time grows faster than the element count); scripts and styles are cut (JSON-LD
metadata kept); an unclosed ``<!--`` is ignored, with a note, instead of hiding (or leaking)
everything after it. What comes out is checked: no text, a list of headlines or links, or a
short login / subscription prompt is a ``ValueError`` saying so, never the menu as "the article".

This project's own line rules (comment-widget tails, share blocks, wire credits, datelines) run
after this step, in ``cleaning.clean_page``.

Example:
    >>> page = ("<html lang='en'><head><title>Dam opens | Valley Post</title></head><body>"
    ...         "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
    ...         "<article><h1>Dam opens</h1><p>The new dam opened on Monday after six years "
    ...         "of work.</p><p>Engineers said it will supply water to forty villages.</p>"
    ...         "</article></body></html>")
    >>> out = extract_page(page, url="https://valley.example/dam")
    >>> out.text, out.meta.title, out.meta.language
    ('The new dam opened on Monday after six years of work.\\nEngineers said it will supply water to forty villages.', 'Dam opens', 'en')
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .page import PageMeta

__all__ = ["extract_page", "ExtractedPage", "prescan_html", "check_article", "MAX_HTML_CHARS",
           "MAX_ELEMENTS", "MAX_DEPTH", "INSTALL_HINT"]

#: HTML longer than this (characters) is refused; the same as the fetch cap on bytes.
MAX_HTML_CHARS = 10_000_000
#: Pages with more start tags than this (after scripts and styles are cut) are refused.
MAX_ELEMENTS = 30_000
#: Pages nesting elements deeper than this are refused (lxml drops the whole document a little
#: above 255 levels).
MAX_DEPTH = 200
INSTALL_HINT = 'pip install "trafilatura>=2.0"'

_SPECIAL = re.compile(r"<!--|<(script|style)\b", re.I)
_CLOSERS = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*?)(/?)>")
# void elements and those whose end tag is optional (they do not nest in practice)
_NO_DEPTH = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th thead tbody tfoot option optgroup rp rt colgroup caption html head body"
    .split())
_LANG = re.compile(r"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)",
                   re.I)
_META_LANG = re.compile(r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?"
                        r"content\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.I)
_DOCUMENT = re.compile(r"<(?:html|body)\b", re.I)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_PASSWORD = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.I)
_WALL_WORDS = re.compile(r"\b(?:sign[ -]?in|log[ -]?in|subscribe|subscriber|subscription|"
                         r"register|create an account|paywall)\b", re.I)
# a line that ends like a sentence in the scripts we split (Latin, CJK, Devanagari, Arabic, ...)
_SENTENCE_END = re.compile("[.!?\u2026\u3002\uff01\uff1f\u0964\u061f\u06d4:;][\"'\u201d\u2019)\u00bb\u300d\u300f\\]]*$")
_TITLE_SPLIT = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00b7|\u2022|/)\s+")


@dataclass(frozen=True)
class ExtractedPage:
    """The article body of a page (one paragraph per line) and its metadata."""

    text: str
    meta: PageMeta


@dataclass(frozen=True)
class _Scan:
    html: str
    elements: int
    depth: int
    notes: tuple[str, ...]


def prescan_html(html: str, limits: bool = True) -> tuple[str, tuple[str, ...]]:
    """One linear pass over ``html``: comments, scripts and styles cut (JSON-LD kept), an
    unclosed ``<!--`` ignored, and (``limits=True``) the limits checked (``ValueError`` past
    one). Returns the markup left and the notes on what was repaired.

    Example:
        >>> html, notes = prescan_html("<p>Rain fell.</p><!-- <p>Roads shut.</p>")
        >>> html.split()
        ['<p>Rain', 'fell.</p>', '<p>Roads', 'shut.</p>']
        >>> notes
        ("an unclosed '<!--' at character 17 was ignored (the markup after it is read)",)
    """
    scan = _scan(html, limits)
    return scan.html, scan.notes


def _scan(html: str, limits: bool = True) -> _Scan:
    if len(html) > MAX_HTML_CHARS:
        raise ValueError(f"the page is {len(html):,} characters of HTML; the limit is "
                         f"{MAX_HTML_CHARS:,} (save just the article, or pass its text)")
    out: list[str] = []
    notes: list[str] = []
    pos = 0
    while True:
        m = _SPECIAL.search(html, pos)
        if m is None:
            out.append(html[pos:])
            break
        out.append(html[pos:m.start()])
        if m.group(1) is None:  # a comment
            end = html.find("-->", m.end())
            if end < 0:
                notes.append(f"an unclosed '<!--' at character {m.start():,} was ignored "
                             "(the markup after it is read)")
                out.append(" ")
                pos = m.end()
                continue
            out.append(" ")
            pos = end + 3
            continue
        tag = m.group(1).lower()
        gt = html.find(">", m.end())
        if gt < 0:  # a tag cut off at the end of the page
            break
        close = _CLOSERS[tag].search(html, gt + 1)
        end = close.end() if close else len(html)
        if tag == "script" and "ld+json" in html[m.start():gt].lower():
            out.append(html[m.start():end])  # structured metadata: headline, author, date
        else:
            out.append(" ")
        pos = end
    cleaned = "".join(out)
    if not limits:
        return _Scan(cleaned, 0, 0, tuple(notes))
    elements = depth = deepest = 0
    for t in _TAG.finditer(cleaned):
        name = t.group(2).lower()
        if t.group(1):  # an end tag
            if name not in _NO_DEPTH and depth:
                depth -= 1
            continue
        elements += 1
        if elements > MAX_ELEMENTS:
            raise ValueError(f"the page has more than {MAX_ELEMENTS:,} HTML elements; the "
                             "extractor reads at most that many (save just the article, or "
                             "pass its text)")
        if name not in _NO_DEPTH and not t.group(4):
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError(f"the page nests HTML elements more than {MAX_DEPTH} deep "
                                 "(a broken or hostile page); the extractor cannot read it")
            deepest = max(deepest, depth)
    return _Scan(cleaned, elements, deepest, tuple(notes))


def looks_binary(text: str) -> bool:
    """True when ``text`` holds NULs or many control characters (binary data read as text)."""
    head = text[:65536]
    if "\x00" in head:
        return True
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\n\r\f")
    return controls > 0.02 * max(1, len(head))


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        raise ImportError(f"reading web pages needs trafilatura: {INSTALL_HINT}") from exc
    logger = logging.getLogger("trafilatura")
    if not logger.handlers:  # its own messages ("empty tree", ...) are not for our users
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    return trafilatura


_VERSION: list[str] = []


def _extractor_name() -> str:
    if not _VERSION:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _VERSION.append(f"trafilatura {version('trafilatura')}")
        except PackageNotFoundError:
            _VERSION.append("trafilatura")
    return _VERSION[0]


def extract_page(html: str, url: str = "") -> ExtractedPage:
    """The article body of ``html`` (paragraphs one per line, the headline left out) and the
    page's metadata; ``url`` is where the page came from (kept in the metadata, and helps the
    extractor). A page with no article, over a limit, or binary data is a ``ValueError``; a
    missing trafilatura is an ``ImportError`` with the ``pip install`` line."""
    if not isinstance(html, str):
        raise TypeError(f"extract_page expects the page as str, got {type(html).__name__}")
    if looks_binary(html):
        raise ValueError("the page looks like binary data (NUL or control characters), not "
                         "HTML; pass a web page or a text file")
    scan = _scan(html)
    markup = scan.html
    if not _DOCUMENT.search(markup[:100_000]):  # a fragment: give it the document it lacks
        markup = f"<html><body>{markup}</body></html>"
    trafilatura = _trafilatura()
    try:
        doc = trafilatura.bare_extraction(
            markup, url=url or None, favor_precision=True, include_comments=False,
            include_tables=False, include_images=False, with_metadata=True)
    except Exception as exc:  # never a traceback from inside the extractor
        raise ValueError(f"could not read the page as HTML ({type(exc).__name__}: "
                         f"{str(exc)[:200]})") from None
    head = html[:200_000]
    raw_title = _TITLE.search(head)
    title_tag = _plain(raw_title.group(1)) if raw_title else ""
    meta = PageMeta(
        title=_plain(_attr(doc, "title")) or title_tag,
        byline=_plain(_attr(doc, "author")),
        date=_plain(_attr(doc, "date")),
        site_name=_plain(_attr(doc, "sitename")),
        url=url or _plain(_attr(doc, "url")),
        language=_declared_language(head),
        extractor=_extractor_name(),
        notes=scan.notes,
    )
    text = _attr(doc, "text")
    text = drop_title_lines(text, (meta.title, title_tag))
    if not text.strip() and _PASSWORD.search(html):
        raise ValueError(f"no article text found in the page{_where(meta)}; it has a password "
                         "field: a login wall?")
    return ExtractedPage(text, meta)


def check_article(text: str, meta: PageMeta, html: str = "") -> None:
    """Raise a ``ValueError`` naming the problem when the extracted (and cleaned) ``text`` is
    not an article: empty; only headings, labels or links (no line ends like a sentence); a
    list of cut-off teasers (search results, a section front: most lines end in "..."); or a
    short login / subscription prompt.

    Example:
        >>> check_article("Latest news\\nMost read", PageMeta(title="Front page"))
        Traceback (most recent call last):
        ...
        ValueError: the page 'Front page' holds only headings, labels or links (no sentence), not an article: an index, section or search page?
    """
    where = _where(meta)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise ValueError(f"no article text found in the page{where}: it looks like an index, "
                         "search or login page, or one that loads its article with JavaScript "
                         "(pass clean=False to summarize all its text anyway)")
    total = sum(len(ln.split()) for ln in lines)
    sentence_lines = [ln for ln in lines if _SENTENCE_END.search(ln)]
    if not sentence_lines and total < 200:
        raise ValueError(f"the page{where} holds only headings, labels or links (no sentence), "
                         "not an article: an index, section or search page?")
    cut = sum(1 for ln in lines if ln.endswith(("...", "\u2026")))
    if len(lines) >= 3 and cut >= 0.5 * len(lines):
        raise ValueError(f"the page{where} is a list of cut-off teasers ({cut} of {len(lines)} "
                         "paragraphs end in '...'), not an article: search results or a "
                         "section page?")
    if total < 60 and (_PASSWORD.search(html) or _WALL_WORDS.search(text)):
        raise ValueError(f"the page{where} shows only a short login or subscription prompt "
                         f"({total} words), not an article")


def drop_title_lines(text: str, titles: tuple[str, ...]) -> str:
    """``text`` without the lines that repeat the page title (or its headline part, before a
    " | Site" tail).

    Example:
        >>> drop_title_lines("Dam opens\\nThe dam opened.", ("Dam opens | Valley Post",))
        'The dam opened.'
    """
    keys = set()
    for title in titles:
        if not title:
            continue
        keys.add(_norm(title))
        parts = _TITLE_SPLIT.split(title)
        if len(parts) > 1:  # "Headline | Site" or "Site - Headline": either part alone
            keys.update(_norm(p) for p in parts if len(p.split()) >= 2)
    keys.discard("")
    if not keys:
        return text
    return "\n".join(ln for ln in text.splitlines() if _norm(ln) not in keys)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _attr(doc: Any, name: str) -> str:
    if doc is None:
        return ""
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return value if isinstance(value, str) else ""


def _plain(text: str) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(text).split())


def _declared_language(head: str) -> str:
    m = _LANG.search(head) or _META_LANG.search(head)
    return m.group(1).replace("_", "-") if m else ""


def _where(meta: PageMeta) -> str:
    name = meta.title or meta.url
    return f" {name[:80]!r}" if name else ""
