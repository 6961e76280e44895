"""Quality on the 100 SummEval CNN/DailyMail articles ($SUMMARIZE_DATA/corpora/summeval.jsonl).

Lead-3 through our cleaner and splitter must reproduce the released Lead-3 (system M0), which
checks the splitter on PTB-tokenized news; the default method must beat Lead-3 at a similar
length, and every sumy method by >= 3 ROUGE-1.
"""

import numpy as np
import pytest

pytest.importorskip("nltk")  # metrics extra: ROUGE with stemming

from summarize import count_words, summarize
from summarize.methods.peers import SUMY_METHODS, sumy_summarizer
from summarize.text.document import prepare_document
from summarize.text.length import LengthRequest
from summarize.metrics.rouge import rouge_scores

# README of the corpora: rouge-score 0.1.2, stemmed, original reference, F1 x 100
RELEASED_LEAD3 = {"rouge1": 41.99, "rouge2": 19.36, "rougeLsum": 37.68}
TYPES = ("rouge1", "rouge2", "rougeLsum")


def mean_rouge(preds, rows):
    out = {t: [] for t in TYPES}
    for pred, row in zip(preds, rows):
        scores = rouge_scores("\n".join(pred), row["reference"], TYPES)
        for t in TYPES:
            out[t].append(100 * scores[t].fmeasure)
    return {t: float(np.mean(v)) for t, v in out.items()}


@pytest.fixture(scope="module")
def docs(summeval_rows):
    return [prepare_document(r["source"]) for r in summeval_rows]


@pytest.fixture(scope="module")
def lead3(docs, summeval_rows):
    preds = [summarize(d.source, method="lead", sentences=3).sentences for d in docs]
    return mean_rouge(preds, summeval_rows)


@pytest.fixture(scope="module")
def auto(summeval_rows):
    results = [summarize(r["source"]) for r in summeval_rows]
    words = float(np.mean([s.n_words for s in results]))
    return mean_rouge([s.sentences for s in results], summeval_rows), words


def test_lead3_reproduces_released_m0(lead3):
    assert abs(lead3["rouge1"] - RELEASED_LEAD3["rouge1"]) <= 0.5
    assert abs(lead3["rouge2"] - RELEASED_LEAD3["rouge2"]) <= 0.5
    assert abs(lead3["rougeLsum"] - RELEASED_LEAD3["rougeLsum"]) <= 1.0


def test_default_beats_lead3_at_similar_length(auto, lead3):
    scores, words = auto
    assert words <= 90
    assert scores["rouge1"] > lead3["rouge1"]
    assert scores["rougeLsum"] > lead3["rougeLsum"]


def test_default_beats_every_sumy_method_by_3_rouge1(auto, docs, summeval_rows):
    pytest.importorskip("sumy")  # benchmark extra: the sumy peers
    three = LengthRequest.from_args(sentences=3)
    for name in SUMY_METHODS:
        peer = sumy_summarizer(name)
        preds = [peer.summarize_document(d, three).sentences for d in docs]
        assert auto[0]["rouge1"] >= mean_rouge(preds, summeval_rows)["rouge1"] + 3.0, name


def test_lead3_lengths_match_released(docs, summeval_rows):
    ours = [count_words(summarize(d.source, method="lead3").text) for d in docs]
    released = [count_words(r["systems"]["M0"]["summary"]) for r in summeval_rows]
    assert abs(np.mean(ours) - np.mean(released)) < 3
