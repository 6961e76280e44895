"""Web pages in, clean article out: extraction, page metadata, the title kept out of the
summary, records, and pages that are not articles (bounded, clear errors, no parser traceback).
All pages here are our own markup and words."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize import PageMeta, Summary, summarize, summarize_many
from summarize.text.cleaning import clean_page, clean_text
from summarize.text.document import prepare_document
from summarize.text.web import MAX_DEPTH, MAX_ELEMENTS, extract_page

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "examples" / "page.html").read_text(encoding="utf-8")
TITLE = "Harbour town opens its first tidal power station"

PARAS = [
    "The library on Mill Street reopened on Saturday after a two-year rebuild paid for by the town.",
    "Its new reading room has space for two hundred people and stays open until ten at night.",
    "Volunteers moved forty thousand books back onto the shelves over the last three weeks.",
    "The head librarian said visitor numbers on the first day were the highest she had seen.",
]


def page(body: str, head: str = "<title>Library reopens | Town Weekly</title>") -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


ARTICLE = "<article>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</article>"
MENU = ("<div class='top'><ul>" + "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in
        ("Home", "News", "Sport", "Business", "Culture", "Weather")) + "</ul></div>")


def test_sample_page_article_and_metadata():
    text, meta = clean_page(PAGE, url="https://courier.example/p")
    assert meta == PageMeta(
        title=TITLE, byline="Petra Lindqvist", date="2026-04-14",
        site_name="The Coastline Courier", url="https://courier.example/p", language="en-GB",
        extractor=meta.extractor)
    assert meta.extractor.startswith("trafilatura")
    assert text.startswith("A tidal power station built into the old harbour wall")  # dateline gone
    for junk in ("Home", "cookies", "Share this", "Photo", "Most read", "newsletter",
                 "Copyright", "By Petra", TITLE, "tracker", ".menu"):
        assert junk not in text, junk
    assert "keeps the lights on" in text and "three more stations" in text


def test_page_url_from_canonical_link_when_not_given():
    _, meta = clean_page(PAGE)
    assert meta.url == "https://courier.example/news/2026/04/14/tidal-power-station"


def test_menu_outside_nav_never_becomes_the_article():
    text = clean_text(page(MENU + ARTICLE))
    assert text.splitlines() == PARAS


def test_title_is_never_a_summary_sentence():
    html = page(f"<article><h1>Library reopens</h1><p>Library reopens</p>"
                + "".join(f"<p>{p}</p>" for p in PARAS) + "</article>")
    for method in ("lead", "textrank", "auto"):
        s = summarize(html, method=method, ratio=1.0)
        assert s.page is not None and s.page.title == "Library reopens"
        assert all("Library reopens" not in x for x in s.sentences)
        assert "Library reopens" not in s.source


def test_summary_record_carries_the_page_and_old_records_load():
    s = summarize(PAGE, sentences=2)
    rec = s.to_record()
    assert rec["page"]["title"] == TITLE and rec["page"]["language"] == "en-GB"
    back = Summary.from_record(s.to_record(include_source=True))
    assert back == s and back.page == s.page
    old = dict(rec)
    del old["page"]  # a record written before pages existed
    assert Summary.from_record(old, source=s.source).page is None
    bad = dict(rec, page={"title": 3})
    with pytest.raises(ValueError, match="'title' must be a string"):
        Summary.from_record(bad)


def test_plain_text_keeps_todays_cleaning(seed_text):
    doc = prepare_document(seed_text)
    assert doc.page is None
    assert doc.source == clean_text(seed_text)
    assert "No comments" not in doc.source and "Post a Comment" not in doc.source


def test_summarize_many_passes_urls_into_the_page():
    out = summarize_many([PAGE, "Rain fell. Roads shut."], sentences=1, progress=False,
                         urls=["https://courier.example/x", ""])
    assert out[0].page.url == "https://courier.example/x"
    assert out[1].page is None


def test_declared_language_only():
    _, meta = clean_page(page(ARTICLE, head="<title>Biblioteca</title>").replace(
        "lang='en'", "lang='pt-BR'"))
    assert meta.language == "pt-BR"
    _, meta = clean_page(page(ARTICLE).replace(" lang='en'", ""))
    assert meta.language == ""


# ------------------------------------------------------------------ not articles
INDEX = page("<h1>Latest news</h1>" + MENU + "".join(
    f"<div class='card'><h2><a href='/s/{i}'>{p[:40]}</a></h2><span>{i} hours ago</span></div>"
    for i, p in enumerate(PARAS * 3)))
SEARCH = page("<form><input name='q' value='library'></form><h1>Results</h1><ol>" + "".join(
    f"<li><a href='/r/{i}'>Result {i}</a><p>{p[:50]} ...</p></li>" for i, p in enumerate(PARAS))
    + "</ol>")
LOGIN = page("<h1>Sign in to keep reading</h1><form><input name='user'>"
             "<input type='password' name='pw'><button>Sign in</button></form>"
             "<p>Subscribers read every story. Not a subscriber yet? Subscribe today.</p>")
EMPTY = page("<div id='app'></div><script>render()</script>")


@pytest.mark.parametrize("html, reason", [
    (INDEX, "headings, labels or links|no article text"),
    (SEARCH, "cut-off teasers|no article text"),
    (LOGIN, "login"),
    (EMPTY, "no article text"),
])
def test_pages_that_are_not_articles_are_clear_errors(html, reason):
    with pytest.raises(ValueError, match=reason):
        summarize(html)
    [err] = summarize_many([html], progress=False)
    assert not err.ok and err.error_type == "ValueError"


@pytest.mark.timeout(120)  # bounded time: a hang fails the test
@pytest.mark.parametrize("name", ["nested", "many", "script", "binary", "huge"])
def test_hostile_pages_bounded_and_clear(name):
    if name == "nested":  # 20,000 nested elements
        html = page("<div>" * 20_000 + ARTICLE + "</div>" * 20_000)
        match = f"more than {MAX_DEPTH} deep"
    elif name == "many":
        html = page("".join(f"<div><span>{i}</span></div>" for i in range(MAX_ELEMENTS)))
        match = f"more than {MAX_ELEMENTS:,} HTML elements"
    elif name == "script":  # a 1 MB inline script before the article: read, not refused
        html = page("<script>var x = '" + "a" * 1_000_000 + "';</script>" + ARTICLE)
        match = None
    elif name == "binary":  # a clearly marked fallback: markup stripped, noted on the page
        html = ("<html><body><p>" + "\x00\x01\x02\x89PNG" * 2000 + "</p><p>IEND</p>"
                "</body></html>")
        match = None
    else:  # a 50 MB page
        html = page("<p>" + "Rain fell. " * 4_600_000 + "</p>")
        match = "characters"
    if match is None and name == "binary":
        s = summarize(html, sentences=2)
        assert "binary" in s.page.notes[0] and s.page.extractor == "markup stripped"
        assert "<" not in s.source and "\x00" not in s.source
    elif match is None:
        s = summarize(html, sentences=2)
        assert s.sentences == tuple(PARAS[:2]) and "aaaa" not in s.source
    else:
        with pytest.raises(ValueError, match=match):
            summarize(html)


@pytest.mark.parametrize("html", [
    page(ARTICLE + "<!-- tracking pixel <p>Old teaser</p>"),          # unclosed after
    page("<!-- banner " + ARTICLE),                                      # unclosed before
    "Rain fell all night across the valley. <!-- <p>Roads shut at dawn. The river rose.",
])
def test_unclosed_comment_never_leaks_markup(html):
    s = summarize(html, ratio=1.0)
    for raw in ("<!--", "<p>", "</p>", "<article>"):
        assert raw not in s.text and raw not in s.source
    if "banner" in html:  # the article after the open comment is read, with a note
        assert s.sentences[0] == PARAS[0]
        assert any("unclosed '<!--'" in n for n in s.page.notes)


def test_unclosed_comment_in_raw_markup_mode():
    from summarize.text.cleaning import strip_html

    out = strip_html("<p>Rain fell.</p><!-- <p>Roads shut.</p>")
    assert "<!--" not in out and "<p>" not in out and "Roads shut." in out


def test_extract_page_refuses_binary_data():
    with pytest.raises(ValueError, match="binary"):
        extract_page("<html><body><p>" + "\x00\x01PNG" * 100 + "</p></body></html>")


def test_extractor_errors_never_escape_as_tracebacks(monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    with pytest.raises(ValueError, match="could not read the page as HTML"):
        extract_page(PAGE)


def test_missing_trafilatura_names_the_pip_line(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    with pytest.raises(ImportError, match=r'pip install "trafilatura>=2\.0"'):
        extract_page(PAGE)


def test_import_summarize_loads_no_extractor():
    import subprocess
    import sys

    code = ("import sys, summarize; summarize.summarize('Rain fell. Roads shut.'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('trafilatura', 'lxml', 'htmldate', 'justext', 'newspaper')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_notebook_view_shows_the_page_header_escaped():
    hostile = PAGE.replace(TITLE, "&lt;script&gt;alert(1)&lt;/script&gt; Harbour opens")
    html = summarize(hostile, sentences=1)._repr_html_()
    assert "sz-page-header" in html and "Petra Lindqvist" in html and "2026-04-14" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Harbour opens" in html
    assert "<script>" not in html


def test_compare_view_shows_the_page_header_once_escaped():
    from summarize import compare

    hostile = PAGE.replace(TITLE, "&lt;script&gt;x()&lt;/script&gt; Harbour opens")
    html = compare(hostile, ["lead", "textrank"], sentences=1)._repr_html_()
    assert html.count('class="sz-page-header"') == 1
    assert "Petra Lindqvist" in html and "&lt;script&gt;x()&lt;/script&gt; Harbour opens" in html
    assert "<script>" not in html
