"""A third-party method for the plug-in tests, installed the way pip installs one: a module
plus a ``*.dist-info`` folder whose ``entry_points.txt`` declares it in the group
``summarize.methods``. Nothing in ``summarize`` names it; the registry finds it.

Example:
    >>> folder = install_demo_plugin(tmp_path)  # doctest: +SKIP
    >>> # with ``folder`` on sys.path / PYTHONPATH: summarize(text, method="key-sentences")
"""

from __future__ import annotations

from pathlib import Path

PLUGIN_NAME = "key-sentences"
DISTRIBUTION = "summarize-demo-plugin"

_MODULE = '''
"""A demo plug-in for summarize: the sentences that name the most things."""

from summarize.methods.base import Summarizer


class KeySentences(Summarizer):
    """Sentences with the most capitalised words after the first (names, places), in source
    order; ties go to the earlier sentence."""

    name = "key-sentences"
    kind = "extractive"
    description = "Sentences naming the most people and places (demo plug-in)."

    def __init__(self, min_names: int = 0):
        if isinstance(min_names, bool) or not isinstance(min_names, int) or min_names < 0:
            raise ValueError(f"min_names must be an int >= 0, got {min_names!r}")
        self.min_names = min_names

    def summarize_document(self, doc, length):
        from summarize.text.tokens import count_words

        names = [sum(w[:1].isupper() for w in s.text.split()[1:]) for s in doc.sentences]
        order = sorted(range(len(names)), key=lambda i: (-names[i], i))
        order = [i for i in order if names[i] >= self.min_names]
        chosen, used = [], 0
        for i in order[:length.max_sentences(len(names))]:
            n = count_words(doc.sentences[i].text)
            if length.words is not None and used + n > length.words:
                continue
            chosen.append(i)
            used += n
        return self.extract(doc, sorted(chosen), length)
'''

_ENTRY_POINTS = f'''[summarize.methods]
{PLUGIN_NAME} = summarize_demo_plugin:KeySentences
'''


def install_demo_plugin(root: Path) -> Path:
    """Write the plug-in's module and its ``dist-info`` under ``root``; returns the folder to
    put on ``sys.path`` / ``PYTHONPATH``."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "summarize_demo_plugin.py").write_text(_MODULE, encoding="utf-8")
    info = root / "summarize_demo_plugin-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {DISTRIBUTION}\n"
                                   "Version: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(_ENTRY_POINTS, encoding="utf-8")
    (info / "top_level.txt").write_text("summarize_demo_plugin\n", encoding="utf-8")
    return root
