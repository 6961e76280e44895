"""Where sample corpora live: ``$SUMMARIZE_DATA`` (the folder holding ``corpora/`` and ``seed/``),
by default ``../shared`` beside the repository.

Example:
    >>> data_dir().name  # doctest: +SKIP
    'shared'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "data_path"]


def data_dir() -> Path:
    """The data folder: ``$SUMMARIZE_DATA`` or ``../shared`` beside the repository root."""
    env = os.environ.get("SUMMARIZE_DATA")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[2].parent / "shared"


def data_path(*parts: str) -> Path:
    """A path inside the data folder; a clear ``FileNotFoundError`` when it is missing."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found; set SUMMARIZE_DATA to the folder that holds corpora/ and seed/"
        )
    return path
