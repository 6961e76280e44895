"""Published systems' outputs shipped with a corpus (SummEval's 16), as benchmark records, so
they are scored by exactly the same code as our methods and sit in the same table.

Example:
    >>> from summarize.bench.corpus import corpus_from_records
    >>> c = corpus_from_records([{"source": "Rain fell. Roads shut.", "reference": "Rain.",
    ...                           "systems": {"M22": {"summary": "Rain fell ."}}}])
    >>> [(r["method"], r["summary"]) for r in published_records(c)]
    [('M22', 'Rain fell .')]
"""

from __future__ import annotations

from typing import Any, Sequence

from ..text.sentences import split_sentences
from ..text.tokens import count_words
from .corpus import Corpus

__all__ = ["SUMMEVAL_SYSTEMS", "published_records", "select_systems", "system_label",
           "system_kind"]

# SummEval system id -> (name, kind), from the SummEval paper (Fabbri et al., 2021)
SUMMEVAL_SYSTEMS: dict[str, tuple[str, str]] = {
    "M0": ("Lead-3", "extractive"),
    "M1": ("NeuSum", "extractive"),
    "M2": ("BanditSum", "extractive"),
    "M5": ("RNES", "extractive"),
    "M8": ("Pointer-Generator", "abstractive"),
    "M9": ("Fast-abs-rl", "abstractive"),
    "M10": ("Bottom-Up", "abstractive"),
    "M11": ("Improve-abs", "abstractive"),
    "M12": ("Unified-ext-abs", "abstractive"),
    "M13": ("ROUGESal", "abstractive"),
    "M14": ("Multi-task Ent+QG", "abstractive"),
    "M15": ("Closed-book decoder", "abstractive"),
    "M17": ("T5", "abstractive"),
    "M20": ("GPT-2 (human prefs)", "abstractive"),
    "M22": ("BART", "abstractive"),
    "M23": ("PEGASUS", "abstractive"),
}

# the ones the issue names: Lead-3, BART, PEGASUS
HEADLINE_SYSTEMS = ("M0", "M22", "M23")


def system_label(system_id: str) -> str:
    """``"M22 BART"`` for a known SummEval id, else the id itself."""
    name = SUMMEVAL_SYSTEMS.get(system_id, (None,))[0]
    return f"{system_id} {name}" if name else system_id


def system_kind(system_id: str) -> str:
    """``"extractive"`` or ``"abstractive"`` for a known SummEval id, else ``"unknown"``."""
    return SUMMEVAL_SYSTEMS.get(system_id, ("", "unknown"))[1]


def select_systems(corpus: Corpus, systems: str | Sequence[str] | None = "all") -> list[str]:
    """The published system ids to include: ``"all"`` (every system present for every document),
    ``"headline"`` (M0, M22, M23 when present), ``None``/``"none"``, or a list of ids.

    A listed id that the corpus lacks raises ``ValueError`` naming the ones it has.
    """
    present = corpus.system_ids
    if systems is None or systems == "none":
        return []
    if systems == "all":
        return present
    if systems == "headline":
        return [s for s in HEADLINE_SYSTEMS if s in present]
    if isinstance(systems, str):
        systems = [s.strip() for s in systems.split(",") if s.strip()]
    missing = [s for s in systems if s not in present]
    if missing:
        have = ", ".join(present) or "none"
        raise ValueError(f"published systems {', '.join(missing)} are not in {corpus.name} "
                         f"(it has: {have})")
    return list(systems)


def published_records(corpus: Corpus, systems: str | Sequence[str] | None = "all"
                      ) -> list[dict[str, Any]]:
    """One record per (system, document), shaped like the runner's output records (no
    latency: the published outputs were not produced here)."""
    out = []
    for sys_id in select_systems(corpus, systems):
        for doc in corpus.docs:
            text = doc.systems[sys_id]
            out.append({"method": sys_id, "doc_id": doc.id, "ok": True, "summary": text,
                        "n_words": count_words(text),
                        "n_sentences": len(split_sentences(text)), "latency_s": None,
                        "published": True})
    return out
