"""Cleaning plain text, HTML and scraped-page boilerplate."""

import pytest

from summarize import clean_text, split_sentences, strip_html


def test_seed_article_keeps_news_and_drops_widget(seed_text):
    cleaned = clean_text(seed_text)
    assert "No comments" not in cleaned and "Post a Comment" not in cleaned
    # every news line of the scraped page survives intact
    news_lines = [ln.strip() for ln in seed_text.splitlines()
                  if ln.strip() and ln.strip() not in ("No comments:", "Post a Comment")]
    for line in news_lines:
        assert line in cleaned
    assert len(split_sentences(cleaned)) >= len(news_lines)


def test_html_drops_scripts_nav_and_unescapes():
    page = """<html><head><title>T</title><style>p{color:red}</style></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><p>The vote passed 7&ndash;2 on Tuesday.</p><p>Critics &amp; allies reacted.</p></article>
    <script>track("x")</script><footer>Copyright 2026 Example News</footer></body></html>"""
    text = clean_text(page)
    assert "The vote passed 7\u20132 on Tuesday." in text
    assert "Critics & allies reacted." in text
    for junk in ("track(", "color:red", "World", "Copyright"):
        assert junk not in text


def test_share_buttons_bylines_datelines_credits():
    raw = ("By Jane Doe\nLONDON (Reuters) - Prices rose sharply in May.\nShare this with\nEmail\n"
           "Facebook\nCopy this link\nShops reported record sales. (Reporting by A. Writer; "
           "Editing by B. Editor)")
    assert clean_text(raw) == "Prices rose sharply in May.\nShops reported record sales."


def test_article_sentences_that_look_like_furniture_stay():
    raw = "Email is still the main tool for most offices, the survey found.\nBy the end of May, prices fell."
    assert clean_text(raw) == raw


def test_boilerplate_off_keeps_everything():
    raw = "Rates rose.\nNo comments:\nPost a Comment"
    assert clean_text(raw, boilerplate=False) == raw


def test_strip_html_blocks_become_lines():
    assert strip_html("<p>One.</p><p>Two.</p>") == "One.\nTwo."


def test_too_long_is_a_clear_error():
    with pytest.raises(ValueError, match="limit"):
        clean_text("a" * 3_000_000)


def test_bbc_page_furniture():
    raw = ("Share this with\nEmail\nFacebook\nMessenger\nTwitter\nCopy this link\n"
           "These are external links and will open in a new window\n"
           "18 March 2014 Last updated at 09:22 GMT\nThe mine closed on Friday after 90 years.\n"
           "It was 1 May 2015 when talks began.")
    assert clean_text(raw) == "The mine closed on Friday after 90 years.\nIt was 1 May 2015 when talks began."
