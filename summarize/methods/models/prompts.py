"""How the article is put in front of the model.

Styles:
    - "t5": T5's task prefix, ``"summarize: " + text`` (T5, mT5, UMT5, LongT5);
    - "plain": the text as it is (BART, PEGASUS, LED: trained to summarize their input);
    - "chat": the tokenizer's chat template with a summarization instruction (instruction-tuned
      LMs), telling the model the length wanted;
    - "tldr": ``text + "\\n\\nTL;DR:"`` for base LMs (the classic zero-shot summary prompt).
"auto" picks one from the model: encoder-decoders get "t5" or "plain", decoder-only LMs get
"chat" when their tokenizer has a chat template, else "tldr". A custom ``template`` containing
``{text}`` overrides the style.

Example:
    >>> PromptFormat("tldr", "{text}\\n\\nTL;DR:", True).render("Rain fell.")
    'Rain fell.\\n\\nTL;DR:'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...text.length import LengthRequest

__all__ = ["PromptFormat", "PROMPT_STYLES", "prompt_format", "length_hint"]

PROMPT_STYLES = ("auto", "t5", "plain", "chat", "tldr")
PLACEHOLDER = "{text}"
_T5_TYPES = {"t5", "mt5", "umt5", "longt5", "switch_transformers"}
DEFAULT_INSTRUCTION = "Summarize the following news article{hint}. Reply with the summary only."


@dataclass(frozen=True)
class PromptFormat:
    """A prompt template with one ``{text}`` slot.

    ``add_special_tokens`` is False for chat templates (they already contain BOS etc.).
    """

    style: str
    template: str
    add_special_tokens: bool = True

    def render(self, text: str) -> str:
        """The prompt for ``text`` (the slot is filled once; braces in ``text`` are safe)."""
        head, _, tail = self.template.partition(PLACEHOLDER)
        return head + text + tail

    @property
    def stop_strings(self) -> tuple[str, ...]:
        """Strings that end the answer (a base LM after "TL;DR:" starts a new topic after a
        blank line)."""
        return ("\n\n",) if self.style == "tldr" else ()


def length_hint(length: LengthRequest | None) -> str:
    """" in at most 60 words" / " in 3 sentences" for chat instructions.

    Example:
        >>> length_hint(LengthRequest(sentences=2, words=50))
        ' in at most 2 sentences and 50 words'
    """
    if length is None:
        return ""
    parts = []
    if length.sentences is not None:
        parts.append(f"{length.sentences} sentence" + ("s" if length.sentences != 1 else ""))
    if length.words is not None:
        parts.append(f"{length.words} words")
    return " in at most " + " and ".join(parts) if parts else ""


def prompt_format(
    tokenizer: Any,
    kind: str,
    model_type: str,
    style: str = "auto",
    template: str | None = None,
    instruction: str | None = None,
    length: LengthRequest | None = None,
) -> PromptFormat:
    """Choose and build the prompt format for a model (see the module docstring)."""
    if template is not None:
        if not isinstance(template, str) or PLACEHOLDER not in template:
            raise ValueError("template must be a str containing '{text}', e.g. "
                             "'Article: {text}\\nSummary:'")
        return PromptFormat("custom", template, True)
    if style not in PROMPT_STYLES:
        raise ValueError(f"unknown prompt_style {style!r}; use one of {', '.join(PROMPT_STYLES)}")
    if style == "auto":
        if kind == "seq2seq":
            style = "t5" if model_type in _T5_TYPES else "plain"
        else:
            style = "chat" if getattr(tokenizer, "chat_template", None) else "tldr"
    if style == "t5":
        return PromptFormat("t5", "summarize: " + PLACEHOLDER, True)
    if style == "plain":
        return PromptFormat("plain", PLACEHOLDER, True)
    if style == "tldr":
        return PromptFormat("tldr", PLACEHOLDER + "\n\nTL;DR:", True)
    if not getattr(tokenizer, "chat_template", None):
        raise ValueError("prompt_style='chat' needs a tokenizer with a chat template; this one "
                         "has none (use prompt_style='tldr' for base language models)")
    if kind != "causal":
        raise ValueError("prompt_style='chat' is for decoder-only language models")
    text = (instruction or DEFAULT_INSTRUCTION).replace("{hint}", length_hint(length))
    messages = [{"role": "user", "content": f"{text}\n\n{PLACEHOLDER}"}]
    rendered = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    if PLACEHOLDER not in rendered:
        raise ValueError("the tokenizer's chat template dropped the article text")
    return PromptFormat("chat", rendered, False)
