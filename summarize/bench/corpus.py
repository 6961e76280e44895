"""Benchmark corpora: JSONL, CSV, the SummEval layout, XSum-style samples, Hugging Face datasets.

Every loader returns a ``Corpus``: the usable documents, plus the rows it had to skip (malformed
JSON, missing fields, empty articles, duplicate ids, an article or reference over ``MAX_CHARS``),
each with its line number and the reason. One bad row never stops a benchmark, and a row every
method would refuse (over ``MAX_CHARS``, the limit ``summarize()`` applies) is skipped here, once:
it is never run, split or scored again for each method.

Example:
    >>> import json, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "c.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write(json.dumps({"id": "a", "source": "Rain fell. Roads shut.",
    ...                             "reference": "Rain."}) + "\\n{broken\\n")
    >>> corpus = load_corpus(path)
    >>> len(corpus), corpus.skipped[0].reason.split(":")[0]
    (1, 'malformed JSON')
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ..text.cleaning import MAX_CHARS

__all__ = ["CorpusDoc", "SkippedRow", "Corpus", "load_corpus", "corpus_from_records",
           "SOURCE_FIELDS", "REFERENCE_FIELDS"]

# Field names tried, in order, when the caller does not name them (SummEval/XSum sample files,
# cnn_dailymail, xsum, multi_news and most summarization sets on the Hugging Face hub).
SOURCE_FIELDS = ("source", "article", "document", "text", "body")
REFERENCE_FIELDS = ("reference", "highlights", "summary", "target", "abstract")
ID_FIELDS = ("id", "doc_id", "guid")


@dataclass(frozen=True)
class CorpusDoc:
    """One benchmark document: its article, its references (the primary one first) and, for
    corpora like SummEval, the published systems' outputs (system id -> summary text)."""

    id: str
    source: str
    references: tuple[str, ...]
    systems: Mapping[str, str] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        """The primary reference (the original highlights for SummEval)."""
        return self.references[0]


@dataclass(frozen=True)
class SkippedRow:
    """A corpus row left out of the benchmark: where it was (1-based line or row number), its id
    when one could be read, and why."""

    line: int
    id: str | None
    reason: str


@dataclass(frozen=True)
class Corpus:
    """Documents to benchmark on, with the rows that were skipped and where they came from."""

    name: str
    docs: tuple[CorpusDoc, ...]
    skipped: tuple[SkippedRow, ...] = ()
    origin: str = ""
    selection: str = "all"

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[CorpusDoc]:
        return iter(self.docs)

    @property
    def system_ids(self) -> list[str]:
        """Published systems present for every document, in the corpus's order."""
        if not self.docs:
            return []
        common = set(self.docs[0].systems)
        for doc in self.docs[1:]:
            common &= set(doc.systems)
        return [s for s in self.docs[0].systems if s in common]

    def limit(self, n: int) -> "Corpus":
        """The first ``n`` documents."""
        _check_count(n, "limit")
        return replace(self, docs=self.docs[:n], selection=f"first {n}")

    def sample(self, n: int, seed: int = 0) -> "Corpus":
        """``n`` documents drawn at random with ``seed`` (kept in corpus order); all of them
        when the corpus has ``n`` or fewer."""
        _check_count(n, "sample")
        if n >= len(self.docs):
            return replace(self, selection=f"all {len(self.docs)} (sample of {n} asked)")
        picked = sorted(random.Random(seed).sample(range(len(self.docs)), n))
        return replace(self, docs=tuple(self.docs[i] for i in picked),
                       selection=f"random sample of {n}, seed {seed}")

    def fingerprint(self) -> str:
        """A short hash of the ids, articles and references: resuming a run checks it."""
        h = hashlib.sha256()
        for doc in self.docs:
            for part in (doc.id, doc.source, *doc.references):
                h.update(part.encode("utf-8"))
                h.update(b"\x00")
        return h.hexdigest()[:16]

    def describe(self) -> str:
        """One line: name, documents used, rows skipped, selection."""
        return (f"{self.name}: {len(self.docs)} documents ({self.selection}), "
                f"{len(self.skipped)} rows skipped")


def _check_count(n: object, name: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be an int, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"{name} must be >= 1, got {n}")


def load_corpus(
    source: str | Path | Any,
    *,
    format: str | None = None,
    source_field: str | None = None,
    reference_field: str | Sequence[str] | None = None,
    references_field: str | None = "references",
    id_field: str | None = None,
    systems_field: str | None = "systems",
    split: str | None = None,
    config: str | None = None,
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    name: str | None = None,
) -> Corpus:
    """Load a benchmark corpus.

    Args:
        source: a ``.jsonl`` / ``.json`` / ``.csv`` / ``.tsv`` file; a folder written by
            ``datasets.Dataset.save_to_disk``; a folder, a glob or a list of saved web pages
            and URLs, as ``summarize_pages`` takes them (each page's reference in
            ``NAME.reference.txt`` beside it); ``"hf:NAME"`` for a Hugging Face hub data set
            (needs network and ``pip install datasets``); or a ``datasets.Dataset`` object.
        format: ``"jsonl"``, ``"csv"``, ``"tsv"`` or ``"hf"``; guessed from the path if omitted.
        source_field / reference_field / id_field: column names; when omitted the first of
            ``SOURCE_FIELDS`` / ``REFERENCE_FIELDS`` / ``ID_FIELDS`` present is used (rows with
            no id are numbered ``row-N``). ``reference_field`` may list several columns, one
            reference each.
        references_field: a column holding a list of references (SummEval's 11); when present
            it is used, with the single ``reference`` kept first.
        systems_field: a column mapping system id to its output (a string, or a dict with a
            ``"summary"`` key, as in SummEval).
        split / config: the data set split and configuration for ``hf:`` sources.
        limit: keep the first ``limit`` documents. sample / seed: keep a seeded random sample.

    Example (a cnn_dailymail copy saved with ``save_to_disk``)::

        corpus = load_corpus("cnn_dm_test/", sample=200, seed=1)
        corpus = load_corpus("hf:abisee/cnn_dailymail", config="3.0.0", split="test", limit=500)
    """
    fields = _Fields(source_field, reference_field, references_field, id_field, systems_field)
    if format is None and _is_pages(source):  # saved pages / URLs, as summarize_pages takes
        corpus = _from_records(_page_rows(source), fields, name or "pages", str(source))
    elif _is_hf_dataset(source):
        corpus = _from_records(_hf_rows(source, split), fields, name or "dataset", "datasets object")
    else:
        text = str(source)
        fmt = (format or _guess_format(text)).lower()
        if fmt == "hf":
            ref = text[3:] if text.startswith("hf:") else text
            rows = _hf_rows(_load_hf(ref, split, config), split)
            corpus = _from_records(rows, fields, name or ref.rsplit("/", 1)[-1], text)
        elif fmt in ("jsonl", "json"):
            path = _existing(text)
            corpus = _from_records(_jsonl_rows(path), fields, name or path.stem, str(path))
        elif fmt in ("csv", "tsv"):
            path = _existing(text)
            rows = _csv_rows(path, "\t" if fmt == "tsv" else ",")
            corpus = _from_records(rows, fields, name or path.stem, str(path))
        else:
            raise ValueError(f"unknown corpus format {fmt!r}; use jsonl, csv, tsv or hf")
    if limit is not None:
        corpus = corpus.limit(limit)
    if sample is not None:
        corpus = corpus.sample(sample, seed)
    return corpus


def corpus_from_records(records: Iterable[Mapping[str, Any]], name: str = "records",
                        **fields: Any) -> Corpus:
    """A corpus from in-memory dicts (same field options as ``load_corpus``).

    Example:
        >>> c = corpus_from_records([{"source": "Rain fell. Roads shut.", "reference": "Rain."}])
        >>> c.docs[0].id, c.docs[0].reference
        ('row-1', 'Rain.')
    """
    spec = _Fields(fields.pop("source_field", None), fields.pop("reference_field", None),
                   fields.pop("references_field", "references"), fields.pop("id_field", None),
                   fields.pop("systems_field", "systems"))
    if fields:
        raise TypeError(f"unknown field options: {', '.join(sorted(fields))}")
    return _from_records(((i, r, None) for i, r in enumerate(records, 1)), spec, name, name)


# ---------------------------------------------------------------- row sources

#: a page's reference summary sits beside it: ``story.html`` -> ``story.reference.txt``
REFERENCE_SUFFIX = ".reference.txt"


def _is_pages(source: Any) -> bool:
    """A folder of saved pages (not a ``save_to_disk`` folder), a glob, or a list of paths and
    URLs."""
    import glob
    import os

    if isinstance(source, (list, tuple)):
        return all(isinstance(x, (str, os.PathLike)) for x in source)
    if not isinstance(source, (str, os.PathLike)):
        return False
    text = os.fspath(source)
    if text.startswith("hf:"):
        return False
    if glob.has_magic(text) and not os.path.exists(text):
        return True
    path = Path(text)
    return path.is_dir() and not any((path / n).exists() for n in (
        "dataset_info.json", "state.json", "dataset_dict.json"))


def _page_rows(source: Any) -> Iterator[Row]:
    """Rows of saved pages: id (the file name or URL), source (the page), reference (from
    ``NAME.reference.txt`` beside the page, when there is one)."""
    from ..pages import read_pages

    items = list(source) if isinstance(source, (list, tuple)) else [source]
    rows = [r for r in read_pages(items) if not r["input"].endswith(REFERENCE_SUFFIX)]
    for n, row in enumerate(rows, 1):
        if row["read_error"]:
            yield n, None, f"{row['input']}: {row['read_error']}"
            continue
        name = row["input"]
        out = {"id": name if row["url"] else Path(name).name, "source": row["text"]}
        ref = Path(name).with_suffix(REFERENCE_SUFFIX) if not row["url"] else None
        if ref is not None and ref.is_file():
            out["reference"] = ref.read_text(encoding="utf-8", errors="replace")
        yield n, out, None



def _guess_format(text: str) -> str:
    if text.startswith("hf:"):
        return "hf"
    path = Path(text)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return suffix[1:]
    if path.is_dir() and ((path / "dataset_info.json").exists() or (path / "state.json").exists()
                          or (path / "dataset_dict.json").exists()):
        return "hf"
    if not path.exists():
        raise FileNotFoundError(f"corpus not found: {text}")
    raise ValueError(f"cannot tell the format of {text}; pass format='jsonl', 'csv' or 'hf'")


def _existing(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"corpus file not found: {path}")
    return path


Row = tuple[int, Any, "str | None"]  # (line number, parsed row or None, parse error)


def _jsonl_rows(path: Path) -> Iterator[Row]:
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line), None
            except json.JSONDecodeError as exc:
                yield n, None, f"malformed JSON: {exc.msg} at column {exc.colno}"


def _csv_rows(path: Path, delimiter: str) -> Iterator[Row]:
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.DictReader(f, delimiter=delimiter)
        for n, row in enumerate(reader, 2):  # line 1 is the header
            if None in row:
                yield n, None, f"malformed row: {len(row[None])} more values than header columns"
            else:
                yield n, dict(row), None


def _is_hf_dataset(obj: Any) -> bool:
    return type(obj).__module__.startswith("datasets") and hasattr(obj, "column_names")


def _load_hf(ref: str, split: str | None, config: str | None) -> Any:
    try:
        import datasets
    except ImportError:
        raise ImportError('loading Hugging Face data sets needs: pip install "summarize[benchmark]"'
                          ) from None
    path = Path(ref).expanduser()
    if path.is_dir():
        return datasets.load_from_disk(str(path))
    from ..text.fetch import hub_reachable

    if hub_reachable():
        return datasets.load_dataset(ref, config, split=split)
    # Offline: only the local cache can answer; asking the hub would spend ~25 s in retries.
    try:
        with _HubOffline(datasets):
            return datasets.load_dataset(ref, config, split=split)
    except Exception as exc:
        args = ", ".join(repr(a) for a in (ref, config) if a is not None)
        split_arg = f", split={split!r}" if split else ""
        folder = ref.rsplit("/", 1)[-1] + (f"_{split}" if split else "")
        raise FileNotFoundError(
            f"hf:{ref} is not in the local Hugging Face cache and the hub is unreachable "
            f"(offline?) ({type(exc).__name__}). Fix: on a machine with network access run\n"
            f"  python -c \"import datasets; datasets.load_dataset({args}{split_arg})"
            f".save_to_disk('{folder}')\"\n"
            f"then copy the folder here and pass --corpus {folder}") from None


class _HubOffline:
    """Offline mode for huggingface_hub and datasets inside a ``with`` block (both read it
    once at import, so the module flags are switched and restored)."""

    def __init__(self, datasets: Any) -> None:
        import huggingface_hub.constants as hub_constants

        self.flags = [(hub_constants, "HF_HUB_OFFLINE"), (datasets.config, "HF_HUB_OFFLINE")]
        self.saved: list[Any] = []

    def __enter__(self) -> None:
        self.saved = [getattr(mod, name, None) for mod, name in self.flags]
        for mod, name in self.flags:
            setattr(mod, name, True)

    def __exit__(self, *exc: Any) -> None:
        for (mod, name), value in zip(self.flags, self.saved):
            setattr(mod, name, value)


def _hf_rows(ds: Any, split: str | None) -> Iterator[Row]:
    if isinstance(getattr(ds, "column_names", None), dict):  # a DatasetDict: pick the split
        splits = list(ds.keys())
        chosen = split or ("test" if "test" in splits else None)
        if chosen not in splits:
            raise ValueError(f"pick a split: split= one of {', '.join(splits)}")
        ds = ds[chosen]
    for n, row in enumerate(ds, 1):
        yield n, row, None


# ---------------------------------------------------------------- row -> CorpusDoc


@dataclass
class _Fields:
    source: str | None
    reference: str | Sequence[str] | None
    references: str | None
    id: str | None
    systems: str | None

    def resolve(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if self.source is None:
            self.source = next((k for k in SOURCE_FIELDS if k in keys), SOURCE_FIELDS[0])
        if self.reference is None:
            self.reference = next((k for k in REFERENCE_FIELDS if k in keys), REFERENCE_FIELDS[0])
        if self.id is None:
            self.id = next((k for k in ID_FIELDS if k in keys), "")


def _from_records(rows: Iterable[Row], fields: _Fields, name: str, origin: str) -> Corpus:
    docs: list[CorpusDoc] = []
    skipped: list[SkippedRow] = []
    seen: set[str] = set()
    resolved = False
    for n, row, error in rows:
        if error is not None:
            skipped.append(SkippedRow(n, None, error))
            continue
        if not isinstance(row, Mapping):
            skipped.append(SkippedRow(n, None, f"not an object: a JSON {type(row).__name__}"))
            continue
        if not resolved:
            fields.resolve(row.keys())
            resolved = True
        raw_id = row.get(fields.id) if fields.id else None
        doc_id = _clean_id(raw_id) if raw_id is not None and raw_id != "" else ""
        doc_id = doc_id or f"row-{n}"
        if len(doc_id) > MAX_ID_CHARS:
            skipped.append(SkippedRow(n, doc_id[:40] + "…", f"id longer than {MAX_ID_CHARS} "
                                      "characters"))
            continue
        try:
            doc = _make_doc(doc_id, row, fields)
        except ValueError as exc:
            skipped.append(SkippedRow(n, doc_id, str(exc)))
            continue
        if doc_id in seen:
            skipped.append(SkippedRow(n, doc_id, f"duplicate id {doc_id!r}"))
            continue
        seen.add(doc_id)
        docs.append(doc)
    return Corpus(name, tuple(docs), tuple(skipped), origin)


MAX_ID_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _clean_id(value: Any) -> str:
    """An id (document or system) as one printable line: str, control characters and line
    breaks as spaces, lone surrogates (not writable as UTF-8) as U+FFFD, trimmed.

    Example:
        >>> _clean_id(" a\\nb\\ud800 ")
        'a b\ufffd'
    """
    text = value if isinstance(value, str) else str(value)
    return _SURROGATES.sub("\ufffd", _CONTROL.sub(" ", text)).strip()


def _text_field(row: Mapping[str, Any], key: str, what: str) -> str:
    if key not in row or row[key] is None:
        raise ValueError(f"missing field {key!r} ({what})")
    value = row[key]
    if not isinstance(value, str):
        raise ValueError(f"field {key!r} ({what}) is a {type(value).__name__}, not text")
    if not value.strip():
        raise ValueError(f"empty {what} in field {key!r}")
    if len(value) > MAX_CHARS:
        raise ValueError(f"{what} in field {key!r} is {len(value):,} characters, over the "
                         f"{MAX_CHARS:,}-character limit every method applies (not run or scored)")
    return _SURROGATES.sub("\ufffd", value)  # lone surrogates cannot be written as UTF-8


def _make_doc(doc_id: str, row: Mapping[str, Any], fields: _Fields) -> CorpusDoc:
    source = _text_field(row, fields.source or "", "article")
    ref_keys = [fields.reference] if isinstance(fields.reference, str) else list(fields.reference or ())
    many = row.get(fields.references) if fields.references else None
    if many is not None and not isinstance(many, (list, tuple)):
        raise ValueError(f"field {fields.references!r} must be a list of references")
    refs: list[str] = []
    for key in ref_keys:
        if many and row.get(key) is None:
            continue  # only the list of references is there
        refs.append(_text_field(row, key, "reference"))
    for ref in many or ():
        if isinstance(ref, str) and ref.strip() and len(ref) <= MAX_CHARS:
            ref = _SURROGATES.sub("\ufffd", ref)
            if ref not in refs:
                refs.append(ref)
    if not refs:
        raise ValueError(f"missing field {(ref_keys or [fields.references])[0]!r} (reference)")
    systems: dict[str, str] = {}
    raw = row.get(fields.systems) if fields.systems else None
    if isinstance(raw, Mapping):
        for sys_id, out in raw.items():
            text = out.get("summary") if isinstance(out, Mapping) else out
            name = _clean_id(sys_id)
            if isinstance(text, str) and text.strip() and name and len(name) <= MAX_ID_CHARS:
                systems[name] = _SURROGATES.sub("\ufffd", text)
    return CorpusDoc(doc_id, source, tuple(refs), systems)
