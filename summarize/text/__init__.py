"""Text in: cleaning (HTML, boilerplate), sentence splitting with offsets, word tokens, the
``Document`` input checks, the ``LengthRequest`` shared by every method, and reading sources.
The bottom layer: it imports nothing else from the package.

Example:
    >>> from summarize.text.sentences import split_sentences
    >>> [s.text for s in split_sentences("Rain fell. Roads shut.")]
    ['Rain fell.', 'Roads shut.']
"""
