"""Your own LLM behind ``summarize()``: OpenAI-compatible endpoints (``"openai:<model>"``) and
GGUF files through llama.cpp (``"llama.cpp:<path>"``), with every generated sentence checked.

- ``summarizer``: ``LLMSummarizer``, the one method class (registered under both prefixes);
- ``backends``: where completions come from (an endpoint, or llama.cpp in this process);
- ``client``: the standard-library HTTP client (retries, bounds, ``Secret``, ``scrub``);
- ``cache``: the on-disk response cache (read back as untrusted input).

Nothing here imports a heavy package; llama.cpp loads in ``runtime.llamacpp`` on first use.

Example:
    >>> from summarize.methods.registry import get_summarizer
    >>> get_summarizer("openai:my-model", base_url="http://127.0.0.1:8080/v1").name
    'openai:my-model'
"""

from .summarizer import LLMSummarizer

__all__ = ["LLMSummarizer"]
