"""sumy peers (no nltk data) and published system outputs as benchmark rows."""

from __future__ import annotations

import pytest

from benchmark_fixtures import ARTICLES, records
from summarize.bench.corpus import corpus_from_records
from summarize.methods.peers import SUMY_METHODS, SentenceTokenizer, available_peers, sumy_summarizer
from summarize.bench.published import published_records, select_systems, system_label
from summarize.bench.runner import run_benchmark
from summarize.text.document import prepare_document
from summarize.text.length import LengthRequest



@pytest.fixture
def sumy():
    """The peers' tests need sumy; the published-records tests below do not."""
    return pytest.importorskip("sumy")  # benchmark extra (pip install -e ".[benchmark]")


def test_tokenizer_uses_our_splitter_and_tokens(sumy):
    tok = SentenceTokenizer()
    assert tok.to_sentences("Mr. Smith left. He came back.") == ("Mr. Smith left.", "He came back.")
    assert tok.to_words("The U.S. grew 3.5%") == ("The", "U", "S", "grew", "3", "5")


@pytest.mark.parametrize("name", sorted(SUMY_METHODS))
def test_every_sumy_peer_summarizes_with_provenance(name, sumy):
    doc = prepare_document(ARTICLES[0][1])
    out = sumy_summarizer(name).summarize_document(doc, LengthRequest(sentences=2))
    assert out.method == name and len(out.selected) == 2
    assert list(out.selected) == sorted(out.selected)
    assert out.sentences == tuple(doc.sentences[i].text for i in out.selected)
    assert out.text == " ".join(out.sentences)


def test_sumy_peer_honours_a_word_budget(sumy):
    doc = prepare_document(ARTICLES[1][1])
    out = sumy_summarizer("sumy-lsa").summarize_document(doc, LengthRequest(sentences=3, words=12))
    assert 0 < out.n_words <= 12


@pytest.mark.parametrize("name", sorted(SUMY_METHODS))
def test_a_word_budget_keeps_the_peers_own_ranking(name, sumy):
    """Under a word budget alone each peer keeps its best-rated sentences that fit (not the
    article's first ones, which made every peer the same as Lead)."""
    from summarize.text.tokens import count_words

    doc = prepare_document(" ".join(source for _, source, _ in ARTICLES))
    peer = sumy_summarizer(name)
    budget = 40
    ranked = peer.summarize_document(doc, LengthRequest(sentences=len(doc.sentences)))
    by_words = peer.summarize_document(doc, LengthRequest(words=budget))
    assert 0 < by_words.n_words <= budget
    # sumy's choices for k sentences grow with k; the budgeted pick is among its best ones
    best = [peer.summarize_document(doc, LengthRequest(sentences=k)).selected
            for k in range(1, len(doc.sentences) + 1)]
    top = next(k for k, chosen in enumerate(best, 1) if set(by_words.selected) <= set(chosen))
    fitting = max(k for k, chosen in enumerate(best, 1)
                  if sum(count_words(doc.sentences[i].text) for i in chosen) <= budget)
    assert set(best[fitting - 1]) <= set(by_words.selected)
    assert top < len(doc.sentences) or len(by_words.selected) == len(ranked.selected)


def test_peers_differ_under_a_word_budget(sumy):
    doc = prepare_document(" ".join(source for _, source, _ in ARTICLES))
    picks = {name: sumy_summarizer(name).summarize_document(doc, LengthRequest(words=50)).selected
             for name in SUMY_METHODS}
    assert len(set(picks.values())) > 1
    lead = tuple(range(len(picks["sumy-lsa"])))
    assert any(p != lead for p in picks.values())


def test_unknown_peer_is_a_clear_error(sumy):
    with pytest.raises(ValueError, match="unknown peer 'sumy-x'"):
        sumy_summarizer("sumy-x")


def test_peers_run_in_the_runner_next_to_our_methods(tmp_path, sumy):
    assert set(available_peers()) == set(SUMY_METHODS)
    run = run_benchmark(corpus_from_records(records(3)), ["lead", "sumy-luhn", "sumy-lexrank"],
                        tmp_path, sentences=2, progress=False)
    assert sorted({r["method"] for r in run.records}) == ["lead", "sumy-lexrank", "sumy-luhn"]
    assert all(r["ok"] and len(r["sentences"]) == 2 for r in run.records)


def _summeval_like():
    rows = []
    for i, (doc_id, source, ref) in enumerate(ARTICLES[:3]):
        first = source.split(". ")[0] + "."
        rows.append({"id": doc_id, "source": source, "reference": ref,
                     "systems": {"M0": {"summary": first}, "M22": {"summary": f"Story {i} ."},
                                 "M5": {"summary": first} if i else {"summary": ""}}})
    return corpus_from_records(rows)


def test_published_records_cover_systems_present_for_every_document():
    corpus = _summeval_like()
    assert select_systems(corpus) == ["M0", "M22"]  # M5 is empty for the first document
    assert select_systems(corpus, "headline") == ["M0", "M22"]
    assert select_systems(corpus, None) == [] and select_systems(corpus, "none") == []
    recs = published_records(corpus, "M22")
    assert [(r["method"], r["doc_id"]) for r in recs] == [("M22", a[0]) for a in ARTICLES[:3]]
    assert recs[0]["summary"] == "Story 0 ." and recs[0]["n_words"] == 2
    assert recs[0]["latency_s"] is None and recs[0]["published"]
    with pytest.raises(ValueError, match="M23 are not in"):
        select_systems(corpus, ["M0", "M23"])
    assert system_label("M22") == "M22 BART" and system_label("X9") == "X9"


def test_summeval_published_systems_all_sixteen(shared_dir):
    from summarize.bench.corpus import load_corpus

    corpus = load_corpus(shared_dir / "corpora" / "summeval.jsonl", limit=5)
    recs = published_records(corpus, "all")
    assert len(recs) == 16 * 5 and all(r["n_words"] > 0 for r in recs)
