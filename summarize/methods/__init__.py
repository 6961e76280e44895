"""Summarization methods: the registry (names, kinds, factories, plug-ins), the extractive
family (``extractive/``), model-backed methods (``models/``) and sumy peers (``peers``).

Example:
    >>> from summarize.methods.registry import get_summarizer
    >>> get_summarizer("lead").summarize("One. Two. Three. Four.", sentences=1).text
    'One.'
"""
