"""Notebook views: the rich ``Summary`` display, ``compare()``, ``explore()`` and
``check_summary()``. Top of the library layers (only ``cli`` sits above).

Example:
    >>> from summarize.notebook.comparison import compare  # doctest: +SKIP
"""
