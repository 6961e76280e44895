"""Extractive summarizers: one class per algorithm over the shared selection step."""

from .base import ExtractiveSummarizer
from .centroid import CentroidSummarizer, MMRSummarizer
from .graph import LexRankSummarizer, TextRankSummarizer
from .lead import Lead3Summarizer, LeadSummarizer
from .news import AutoSummarizer

__all__ = [
    "ExtractiveSummarizer",
    "AutoSummarizer",
    "LeadSummarizer",
    "Lead3Summarizer",
    "TextRankSummarizer",
    "LexRankSummarizer",
    "CentroidSummarizer",
    "MMRSummarizer",
]
