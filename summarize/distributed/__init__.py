"""Run any summarize method over a corpus on Ray Data: a laptop's cores or a whole cluster.

Same methods, same parameters, same results as ``summarize_many``; the output is a
``ray.data.Dataset`` that keeps every input column and adds the summary, its provenance
(JSON), timings and an error column (a bad row becomes an error row, never a failed job).

Ray is imported only when these functions run (``pip install "summarize[ray]"``).

Example:
    >>> from summarize.distributed import summarize_dataset  # doctest: +SKIP
    >>> out = summarize_dataset("articles.jsonl", method="gemma-270m", workers=8)  # doctest: +SKIP
    >>> out.write_parquet("s3://bucket/summaries/")  # doctest: +SKIP
"""

from __future__ import annotations

from .batch import output_columns, result_from_row
from .ray_data import summarize_dataset, to_dataset

__all__ = ["summarize_dataset", "to_dataset", "output_columns", "result_from_row"]
