"""Turn raw input (plain text, HTML, a scraped page) into clean article text.

Cleaning keeps the article's own sentences intact and removes what a scraper drags along:
markup, scripts, navigation, share/subscribe widgets, comment-widget tails ("No comments:",
"Post a Comment"), bylines, datelines and wire-service credit lines. An HTML page goes through
the article extractor first (``web.extract_page``: trafilatura, bounded and checked), then
through the same line rules; ``clean_page`` also returns the page's metadata (``PageMeta``).

Example:
    >>> clean_text("<p>LONDON (Reuters) - Rates rose.</p><nav>Home</nav>\\nShare this with\\nEmail")
    'Rates rose.'
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from .page import PageMeta

__all__ = ["clean_text", "clean_page", "strip_html", "looks_like_html", "MAX_CHARS"]

#: Inputs longer than this are refused (a clear ValueError) to keep time and memory bounded.
MAX_CHARS = 2_000_000

_HTML_HINT = re.compile(
    r"<\s*/?\s*(html|body|p|div|br|span|article|section|nav|header|footer|script|style|a|h[1-6]|li|ul"
    r"|table|head|meta)\b[^>]*>",
    re.I,
)
_DROP_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
    "svg", "button", "select", "template", "figure", "figcaption", "menu",
}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
    "tr", "table", "blockquote", "pre", "main", "dd", "dt", "hr", "title",
}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS and tag not in _VOID_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS and tag not in _VOID_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup: two tags or more, or one beside a ``<!--``
    comment (so an unclosed comment never reaches the text as it is).

    Example:
        >>> looks_like_html("Rain fell. <!-- <p>Roads shut."), looks_like_html("a < b > c")
        (True, False)
    """
    hits = len(_HTML_HINT.findall(text[:200_000], 0))
    return hits >= 2 or (hits == 1 and "<!--" in text[:200_000])


def strip_html(text: str) -> str:
    """Text content of an HTML document, one block element per line; scripts, styles,
    navigation, headers, footers and forms dropped.

    Example:
        >>> strip_html("<p>One &amp; two.</p><script>x()</script><p>Three.</p>")
        'One & two.\\nThree.'
    """
    from .web import prescan_html

    text, _ = prescan_html(text, limits=False)  # comments, scripts, styles out; linear
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts)
    lines = (re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in out.splitlines())
    return "\n".join(ln for ln in lines if ln)


# Whole lines that are page furniture, not article text (matched case-insensitively).
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        no\ comments:?|\d+\ comments?:?|post\ a\ comment|leave\ a\ (?:comment|reply)|
        comments?|newer\ post|older\ post|home|subscribe\ to:.*|posted\ by\ .{0,80}|labels?:.*|
        share\ (?:this|the\ story|on\ \w+)(?:\ with)?:?|share|email|e-mail|facebook|twitter|x|
        messenger|whatsapp|linkedin|pinterest|reddit|tumblr|print|copy\ this\ link|copy\ link|
        sms|telegram|flipboard|
        (?:sign\ up|subscribe)\b.{0,100}(?:newsletter|updates|free)\W*|
        advertisement|advertising|sponsored(?:\ content)?|related(?:\ (?:articles|stories|topics|content))?:?|
        (?:read|see)\ more\b.{0,80}|click\ here\b.{0,80}|continue\ reading.{0,40}|
        image\ (?:copyright|caption|source).{0,120}|(?:photo|picture|image)s?:.{0,120}|
        media\ playback\ is\ (?:unsupported|not\ supported).{0,60}|
        these\ are\ external\ links.{0,80}|.{0,40}not\ responsible\ for\ the\ content\ of\ external.{0,60}|
        follow\ (?:us|me)\b.{0,80}|all\ rights\ reserved.{0,80}|.{0,60}\u00a9.{0,80}|copyright\ \u00a9?.{0,80}|
        last\ updated?:?.{0,60}|\d{1,2}\ [a-z]+\ \d{4}(?:,?\ (?:last\ updated|updated|published)\ .{0,30})?|published:?\ .{0,60}|updated:?\ .{0,60}|
        by\ (?:[A-Z][\w.'-]+\ ?){1,4}(?:,\ .{0,60})?|
        \(?(?:reporting|writing|editing|additional\ reporting)\ by\ .{0,200}\)?
    )$""",
    re.I | re.X,
)
# A byline must look like one: capitalised names after "By", checked case-sensitively.
_BYLINE = re.compile(r"^By\s+(?:[A-Z][\w.'-]+\s?){1,4}(?:,\s.{0,60})?$")
# Dateline at the start of the article: "LONDON (Reuters) - ", "WASHINGTON (CNN) -- ".
_PLACE = r"[A-Z][A-Za-z.'-]*(?:[ ,/]+[A-Z][A-Za-z.'-]*){0,3}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
_DATELINE = re.compile(
    r"^(?:"
    rf"(?:{_PLACE},?\s+)?\([A-Za-z .&'-]{{2,30}}\)\s*(?:-{{1,2}}|\u2013|\u2014)\s+(?=\S)"  # Rome (CNN) --
    r"|[A-Z][A-Z.'-]{2,}(?:[ ,/]+[A-Z][A-Z.'-]+){0,3}\s*(?:-{1,2}|\u2013|\u2014)\s+(?=[A-Z\"\u201c])"  # WASHINGTON --
    r")"
)
_TRAILING_CREDIT = re.compile(
    r"\s*\((?:Reporting|Writing|Editing|Additional reporting)\b[^()]{0,300}\)\s*$", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\ufeff]")
_TAIL_MARKERS = re.compile(r"^(?:no comments:?|\d+ comments?:?|post a comment)$", re.I)


def clean_text(text: str, html_input: bool | None = None, boilerplate: bool = True) -> str:
    """Clean article text: decode HTML if present (``html_input=None`` detects it), normalise
    Unicode and whitespace, and (``boilerplate=True``) drop page furniture lines, the comment
    widget tail, bylines, a leading dateline and trailing wire credits.

    Example:
        >>> clean_text("By Jane Doe\\nThe vote passed.\\nNo comments:\\nPost a Comment")
        'The vote passed.'
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects str, got {type(text).__name__}")
    if html_input is None:
        html_input = looks_like_html(text)
    if html_input and boilerplate and not _binary(text):
        return clean_page(text)[0]  # the extractor has its own, larger, cap on HTML
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"text is {len(text):,} characters; the limit is {MAX_CHARS:,} "
            "(summarize it in parts, e.g. one chapter or article at a time)"
        )
    if html_input:
        text = strip_html(text)
    elif "&" in text and re.search(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", text, re.I):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t\f\v]+", " ", ln).strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if boilerplate:
        lines = _drop_boilerplate(lines)
    return "\n".join(lines)


def _binary(text: str) -> bool:
    from .web import looks_binary

    return looks_binary(text)


#: the note on a page read as binary-looking markup (markup stripped, no extractor)
BINARY_NOTE = ("the input looks like binary data (NUL or control characters); its markup was "
               "stripped without article extraction")


def clean_page(page: str, url: str = "") -> tuple[str, PageMeta]:
    """The clean article text of an HTML ``page`` and its metadata: the extractor's body
    (``web.extract_page``), then this module's line rules, then the check that what is left is
    an article (``web.check_article``: an index, search or login page is a ``ValueError``).

    Example:
        >>> text, meta = clean_page(
        ...     "<html lang='en'><head><title>Dam opens on time | Valley Post</title></head><body>"
        ...     "<article><h1>Dam opens on time</h1><p>VALLEY CITY (AP) \u2014 The dam opened on "
        ...     "Monday after six years of work.</p><p>Share</p><p>Water now flows to forty "
        ...     "villages, officials said.</p><p>No comments:</p><p>Post a Comment</p></article>"
        ...     "</body></html>")
        >>> print(text)
        The dam opened on Monday after six years of work.
        Water now flows to forty villages, officials said.
        >>> meta.title, meta.language
        ('Dam opens on time', 'en')
    """
    from .web import check_article, extract_page

    if _binary(page):  # a clearly marked fallback: today's markup stripping, no extractor
        if len(page) > MAX_CHARS:
            raise ValueError(f"the input is {len(page):,} characters of binary-looking data; "
                             f"the limit is {MAX_CHARS:,}")
        return clean_text(page, html_input=True), PageMeta(
            url=url, extractor="markup stripped", notes=(BINARY_NOTE,))
    out = extract_page(page, url)
    text = clean_text(out.text, html_input=False)
    text = "\n".join(ln for ln in text.split("\n") if not _is_page_furniture(ln))
    check_article(text, out.meta, page)
    if len(text) > MAX_CHARS:
        raise ValueError(f"the article text is {len(text):,} characters; the limit is "
                         f"{MAX_CHARS:,} (summarize it in parts)")
    return text, out.meta


def _drop_boilerplate(lines: list[str]) -> list[str]:
    # Everything from a comment-widget marker on is the widget, not the article.
    for i, ln in enumerate(lines):
        if i > 0 and _TAIL_MARKERS.match(ln):
            lines = lines[:i]
            break
    kept = []
    for ln in lines:
        if _is_furniture(ln):
            continue
        kept.append(ln)
    if kept:
        kept[0] = _DATELINE.sub("", kept[0], count=1)
        kept[-1] = _TRAILING_CREDIT.sub("", kept[-1])
    return [ln for ln in kept if ln]


# A share-button block flattened onto one line ("Share this with Email Facebook Twitter").
_SHARE_WORDS = frozenset(
    "share shares sharing this with on via the story article page email e-mail facebook twitter x "
    "messenger whatsapp linkedin pinterest reddit tumblr print copy link url sms telegram "
    "flipboard mastodon bluesky threads comment comments save".split())


def _is_share_block(line: str) -> bool:
    words = re.findall(r"[\w-]+", line.lower())
    return (2 <= len(words) <= 30 and words[0] in ("share", "email", "facebook", "twitter")
            and all(w in _SHARE_WORDS for w in words))


# Rules for the paragraphs an extractor keeps from a page (not applied to plain text):
# a promotion box whose sentence is a call to action, a stand-alone timestamp, a bare label.
_CALL_TO_ACTION = re.compile(
    r"(?:^|[.!?]\s+)(?:sign\ up|subscribe|register|join\ our|download\ (?:our|the)\ app|"
    r"get\ [^.!?]{0,60}\bdelivered\b|follow\ us)\b", re.I | re.X)
_PROMO_WORDS = re.compile(r"\b(?:newsletter|inbox|letterbox|mailbox|subscription|free|app|"
                          r"every\ (?:day|week|month|morning))\b", re.I | re.X)
_TIMESTAMP = re.compile(r"\b(?:1[89]|20)\d\d\b.*\b\d{1,2}[:h]\d\d\b|\b\d{1,2}[:h]\d\d\b.*\b(?:1[89]|20)\d\d\b")


def _is_page_furniture(line: str) -> bool:
    """A paragraph of an extracted page that is furniture: a short promotion with a call to
    action ("Sign up for the free daily newsletter."), a timestamp line, a bare label."""
    words = line.split()
    if len(words) <= 60 and _CALL_TO_ACTION.search(line) and _PROMO_WORDS.search(line):
        return True
    if len(words) <= 12 and _TIMESTAMP.search(line) and not _SENTENCE_VERBISH.search(line):
        return True
    return len(words) <= 2 and line.endswith((":", "...", "\u2026"))


# a timestamp line has no sentence in it: no lower-case run of three words or more
_SENTENCE_VERBISH = re.compile(r"\b[a-z]{3,}\s+[a-z]{2,}\s+[a-z]{3,}\b")


def _is_furniture(line: str) -> bool:
    if len(line) > 240:
        return False
    if _is_share_block(line):
        return True
    if not _BOILERPLATE_LINE.match(line):
        return False
    if line[:3].lower() == "by ":
        return bool(_BYLINE.match(line))
    return True
