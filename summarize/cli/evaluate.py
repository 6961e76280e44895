"""``python -m summarize eval``: score summaries stored in JSONL or CSV files.

One file may hold every column (one row per item), or predictions, references and sources may
come from separate files with the same number of rows. A reference field holding a JSON list
(or, in CSV, a JSON-encoded list) gives several references for that item.

Example:
    $ python -m summarize eval outputs.jsonl --pred-field summary --ref-field reference \\
          --source-field source
    $ python -m summarize eval preds.csv --references refs.csv --items scores.csv --json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any, Sequence

__all__ = ["main", "read_rows"]

_PRED_FIELDS = ("prediction", "summary", "pred", "output")
_REF_FIELDS = ("references", "reference", "ref", "target", "highlights")
_SRC_FIELDS = ("source", "article", "document", "text")


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a JSONL (``.jsonl``/``.json`` lines) or CSV file as dicts.

    Example:
        >>> read_rows("preds.jsonl")[0]["summary"]  # doctest: +SKIP
        'Rain fell.'
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8, e.g. iconv -f latin1 -t utf-8 IN > OUT, or in pandas "
            "df.to_csv(path, encoding='utf-8')") from None
    if path.suffix.lower() == ".csv":
        csv.field_size_limit(sys.maxsize)
        rows = []
        reader = csv.DictReader(text.splitlines(keepends=True))
        for r in reader:
            if None in r:
                raise ValueError(f"{path}:{reader.line_num}: {len(r[None])} more values than "
                                 f"header columns ({', '.join(map(str, reader.fieldnames or []))})")
            rows.append(dict(r))
        return rows
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not valid JSON ({exc.msg}); expected JSON Lines "
                             "(one object per line) or a .csv file") from None
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{n}: expected a JSON object, got {type(row).__name__}")
        rows.append(row)
    return rows


def _field(rows: list[dict], wanted: str | None, candidates: Sequence[str], what: str,
           path: str) -> str | None:
    if not rows:
        raise ValueError(f"{path}: no rows")
    keys = rows[0].keys()
    if wanted:
        if wanted not in keys:
            raise ValueError(f"{path}: no field {wanted!r} for the {what}; fields: {_names(keys)}")
        return wanted
    for c in candidates:
        if c in keys:
            return c
    return None


def _names(keys: Any) -> list[str]:
    """Field names for a message (any key type: no '<' between str and None)."""
    return sorted(str(k) for k in keys)


def _column(rows: list[dict], field: str, multi: bool) -> list[Any]:
    out = []
    for r in rows:
        v = r.get(field)
        if multi and isinstance(v, str) and v.lstrip().startswith("["):
            try:
                v = json.loads(v)
            except json.JSONDecodeError:
                pass
        out.append(v)
    return out


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m summarize eval",
        description="Score summaries (JSONL or CSV): ROUGE, extractiveness, support, "
                    "faithfulness, semantic.")
    p.add_argument("predictions", help="JSONL/CSV file with the predictions (and maybe the rest)")
    p.add_argument("--references", help="separate JSONL/CSV file with the references")
    p.add_argument("--sources", help="separate JSONL/CSV file with the source articles")
    p.add_argument("--pred-field", help=f"prediction field (default: first of {_PRED_FIELDS})")
    p.add_argument("--ref-field", help=f"reference field (default: first of {_REF_FIELDS})")
    p.add_argument("--source-field", help=f"source field (default: first of {_SRC_FIELDS})")
    p.add_argument("--id-field", help="field holding item ids (default: row number)")
    p.add_argument("--metrics", help="comma-separated groups: rouge, extractiveness, support, "
                   "faithfulness, semantic, or all (default: all but semantic, as the inputs allow)")
    p.add_argument("--scorer", default="lexical", choices=("lexical", "embedding"),
                   help="support scorer (default: lexical)")
    p.add_argument("--no-stem", action="store_true", help="ROUGE without Porter stemming")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("--items", help="write the per-item table to this .csv or .jsonl file")
    p.add_argument("--json", action="store_true", help="print the aggregate as JSON")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result = _run(args)
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.items:
        out = Path(args.items)
        if out.suffix.lower() == ".csv":
            result.items.to_csv(out)
        else:
            result.items.reset_index().to_json(out, orient="records", lines=True,
                                               force_ascii=False)
    if args.json:
        payload = {"summary": json.loads(result.summary.to_json(orient="index")),
                   "params": result.params, "n_items": len(result.items)}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(repr(result))
    return 0


def _run(args: argparse.Namespace) -> Any:
    from ..metrics.evaluation import evaluate

    rows = read_rows(args.predictions)
    pred_field = _field(rows, args.pred_field, _PRED_FIELDS, "predictions", args.predictions)
    if pred_field is None:
        raise ValueError(f"{args.predictions}: no prediction field; pass --pred-field "
                         f"(fields: {_names(rows[0])})")
    preds = _column(rows, pred_field, multi=False)

    def other(path: str | None, wanted: str | None, candidates: Sequence[str], what: str,
              multi: bool) -> list[Any] | None:
        table = rows if path is None else read_rows(path)
        name = path or args.predictions
        field = _field(table, wanted, candidates, what, name)
        if field is None:
            if path is not None:
                raise ValueError(f"{path}: no {what} field; pass the field name "
                                 f"(fields: {_names(table[0])})")
            return None
        if len(table) != len(rows):
            raise ValueError(f"{len(rows)} predictions but {len(table)} {what} rows in {name}")
        return _column(table, field, multi)

    refs = other(args.references, args.ref_field, _REF_FIELDS, "references", True)
    srcs = other(args.sources, args.source_field, _SRC_FIELDS, "sources", False)
    ids = None
    if args.id_field:
        ids = _column(rows, _field(rows, args.id_field, (), "ids", args.predictions) or "", False)
    metrics = None
    if args.metrics:
        metrics = "all" if args.metrics == "all" else [m.strip() for m in args.metrics.split(",")]
    return evaluate(preds, references=refs, sources=srcs, metrics=metrics,
                    use_stemmer=not args.no_stem, support_scorer=args.scorer, ids=ids,
                    n_boot=args.n_boot, seed=args.seed)
