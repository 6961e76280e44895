"""Article extraction on real news pages: our path against trafilatura alone and newspaper4k,
and how much of a default summary is not article text.

Run:  python benchmarks/bench_web.py [--corpus PATH] [--limit N] [--out FILE.json]
                                     [--no-newspaper] [--no-summaries]

For each page of ``web_pages.jsonl.gz`` (``id``, ``url``, ``html``, ``article``: the
hand-checked body) every system extracts the body; the score is the extraction benchmark's
(``summarize.bench.extraction``: 4-word shingles, per-page precision and recall averaged over
pages, F1 of the two means) with the milliseconds per page (after one untimed warm-up page per
system, so imports are not counted). Systems:

- ``summarize``: what ``summarize()`` works from (``prepare_document(html, url=url).source``:
  trafilatura for precision, then this project's line rules and article checks);
- ``trafilatura``: ``trafilatura.extract(html, url=url)`` with its defaults;
- ``newspaper4k``: ``Article(url, fetch_images=False)``, ``download(input_html=html)``,
  ``parse()`` (``pip install newspaper4k`` on its own: it is no extra of ours, because pip
  23.2's resolver fails when it and trafilatura's justext both ask for ``lxml[html_clean]``);
- ``markup stripped``: the path before extraction (``strip_html`` + line rules), for reference.

Junk share: the default summary (``summarize(html)``) of every page, and the share of its
sentences whose shingles are half or more outside the article body; the same for summaries of
the markup-stripped text. A page our path refuses (not an article) counts as an error, and its
empty text scores 0. Figures depend on the CPU and its load: both are printed and saved.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Callable


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load_rows(path: str, limit: int | None) -> list[dict[str, Any]]:
    opener = gzip.open if path.endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def _systems(newspaper: bool) -> dict[str, Callable[[dict[str, Any]], str]]:
    from summarize.text.cleaning import clean_text, strip_html
    from summarize.text.document import prepare_document

    def ours(row: dict[str, Any]) -> str:
        return prepare_document(row["html"], url=row.get("url") or "").source

    def stripped(row: dict[str, Any]) -> str:
        return clean_text(strip_html(row["html"]), html_input=False)

    systems: dict[str, Callable[[dict[str, Any]], str]] = {"summarize": ours}
    try:
        import trafilatura

        systems["trafilatura"] = lambda row: trafilatura.extract(
            row["html"], url=row.get("url") or None) or ""
    except ImportError:
        print("trafilatura not installed: pip install trafilatura", file=sys.stderr)
    if newspaper:
        try:
            from newspaper import Article

            def np4k(row: dict[str, Any]) -> str:
                art = Article(row.get("url") or "http://example.invalid/", fetch_images=False)
                art.download(input_html=row["html"])
                art.parse()
                return art.text or ""

            systems["newspaper4k"] = np4k
        except ImportError:
            print("newspaper4k not installed (left out): pip install newspaper4k", file=sys.stderr)
    systems["markup stripped"] = stripped
    return systems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", help="JSONL(.gz) of pages (default: SUMMARIZE_DATA's "
                                    "corpora/web_pages.jsonl.gz)")
    p.add_argument("--limit", type=int, help="the first N pages only")
    p.add_argument("--out", default="benchmarks/results/bench_web.json")
    p.add_argument("--no-newspaper", action="store_true", help="leave newspaper4k out")
    p.add_argument("--no-summaries", action="store_true", help="skip the junk-share part")
    args = p.parse_args(argv)
    warnings.filterwarnings("ignore")

    from summarize import summarize
    from summarize.bench.extraction import extraction_scores, junk_sentences
    from summarize.text.cleaning import clean_text, strip_html

    if args.corpus:
        path = args.corpus
    else:
        from summarize.bench.data import data_path

        path = str(data_path("corpora", "web_pages.jsonl.gz"))
    rows = _load_rows(path, args.limit)
    report: dict[str, Any] = {"corpus": Path(path).name, "pages": len(rows), "cpu": _cpu(),
                              "cores": os.cpu_count(), "python": platform.python_version(),
                              "loadavg_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
                              "systems": {}}
    for name, extract in _systems(not args.no_newspaper).items():
        try:  # warm-up on the first page (imports, caches), not timed
            extract(rows[0])
        except Exception:
            pass
        pairs, seconds, errors = [], 0.0, []
        for row in rows:
            t0 = time.perf_counter()
            try:
                text = extract(row)
            except Exception as exc:  # a refused page scores as empty; its reason is kept
                text = ""
                errors.append(f"{row.get('id', '?')[:12]}: {type(exc).__name__}: {str(exc)[:120]}")
            seconds += time.perf_counter() - t0
            pairs.append((row["article"], text))
        scores = extraction_scores(pairs)
        scores = {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}
        report["systems"][name] = {**scores, "ms_per_page": round(1000 * seconds / len(rows), 1),
                                   "errors": errors}
        print(f"{name:<16} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
              f"F1 {scores['f1']:.3f}  {1000 * seconds / len(rows):7.1f} ms/page  "
              f"errors {len(errors)}", flush=True)
    if not args.no_summaries:
        inputs = {"summarize": lambda row: row["html"],
                  "markup stripped": lambda row: clean_text(strip_html(row["html"]),
                                                            html_input=False)}
        report["junk"] = {}
        for name, make in inputs.items():
            flags: list[bool] = []
            errors = 0
            title_first = 0
            for row in rows:
                try:
                    s = summarize(make(row))
                except (ValueError, TypeError):
                    errors += 1
                    continue
                flags.extend(junk_sentences(s.sentences, row["article"]))
                title = s.page.title if s.page is not None else ""
                title_first += bool(title and s.sentences and s.sentences[0].startswith(title))
            share = sum(flags) / max(1, len(flags))
            report["junk"][name] = {"sentences": len(flags), "junk": sum(flags),
                                    "share": round(share, 4), "refused_pages": errors}
            print(f"junk share ({name}): {share:.1%} of {len(flags)} summary sentences "
                  f"({errors} pages refused)", flush=True)
    report["loadavg_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"CPU: {report['cpu']} ({report['cores']} cores); load before/after: "
          f"{report['loadavg_before']} / {report['loadavg_after']}")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
