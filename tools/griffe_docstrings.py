"""A griffe extension for the API reference (mkdocs.yml): our docstrings write ``Example:`` with
doctest lines and reST ``::`` literal blocks; griffe's Google parser renders ``Examples:`` as code,
so this turns both into what it expects (``Examples:``; a fenced block after ``::``)."""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.M)


class DocstringCode(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        doc = obj.docstring
        if doc is None:
            return
        doc.value = _fence_literal_blocks(_EXAMPLE.sub(r"\1Examples:", doc.value))


def _fence_literal_blocks(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::") and not line.strip().startswith(">>>"):
            base = len(line) - len(line.lstrip())
            out.append(line.rstrip()[:-1])
            j = i + 1
            block: list[str] = []
            while j < len(lines) and (not lines[j].strip() or
                                      len(lines[j]) - len(lines[j].lstrip()) > base):
                block.append(lines[j])
                j += 1
            while block and not block[-1].strip():
                block.pop()
            body = [b for b in block if b.strip()]
            cut = min((len(b) - len(b.lstrip()) for b in body), default=0)
            out += ["", " " * base + "```", *[" " * base + b[cut:] for b in block],
                    " " * base + "```", ""]
            i = j
            continue
        out.append(line)
        i += 1
    return "\n".join(out)
