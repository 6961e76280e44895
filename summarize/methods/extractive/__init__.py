"""Extractive summarizers: one class per algorithm over the shared selection step."""

from .base import ExtractiveSummarizer
from .centroid import CentroidSummarizer, MMRSummarizer
from .graph import LexRankSummarizer, TextRankSummarizer
from .lead import LeadSummarizer
from .news import AutoSummarizer

__all__ = [
    "ExtractiveSummarizer",
    "AutoSummarizer",
    "LeadSummarizer",
    "TextRankSummarizer",
    "LexRankSummarizer",
    "CentroidSummarizer",
    "MMRSummarizer",
]
