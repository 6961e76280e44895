"""A small HTTP client for OpenAI-compatible endpoints (hosted APIs, llama.cpp's server, vLLM,
Ollama, LM Studio): the standard library only, bounded in time and memory, retrying what is
worth retrying, and never letting the API key out.

- **Secrets**: the key is held in a :class:`Secret` (its ``repr``/``str`` are ``'***'``); every
  message this module builds is passed through :func:`scrub`, which removes the key even when a
  server echoes it back, and URLs are shown without their user info and query string.
- **Retries**: 429 and 5xx answers, timeouts and dropped connections are retried with
  exponential backoff and jitter (``Retry-After`` honoured, capped); other 4xx are not.
- **Bounds**: one request never waits longer than ``timeout`` per attempt; a response larger
  than ``max_response_bytes`` is refused; the body must be a JSON object.

Example:
    >>> key = Secret("sk-abc123")
    >>> key, str(key), key.reveal()
    ('***', '***', 'sk-abc123')
    >>> public_url("https://user:pw@api.example.com/v1?api-key=sk-abc123")
    'https://api.example.com/v1'
    >>> scrub("bad key sk-abc123 given", key)
    'bad key *** given'
"""

from __future__ import annotations

import json
import logging
import random
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Mapping

__all__ = ["Secret", "EndpointClient", "EndpointError", "EndpointUnreachableError",
           "EndpointResponseError", "ContextWindowError", "public_url", "scrub",
           "RETRY_STATUSES", "redact_params"]

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 60.0  # seconds: a server asking for more is not waited for
_CONTEXT_WORDS = re.compile(r"context[ _-]?(length|window|size)|maximum context|too many tokens|"
                            r"exceeds? (the )?(context|max)|prompt is too long|n_ctx",
                            re.IGNORECASE)


class Secret:
    """A secret string (an API key) that prints as ``'***'`` everywhere (repr, str, format,
    JSON via ``default=repr``); ``reveal()`` gives the value to the one place that sends it.
    Equal secrets compare equal (so ``get_params()`` round-trips), without showing either."""

    __slots__ = ("_value", "_shown")

    def __init__(self, value: "str | Secret", shown: str = "***") -> None:
        if isinstance(value, Secret):
            value, shown = value.reveal(), value._shown
        if not isinstance(value, str):
            raise TypeError(f"an API key must be a str, got {type(value).__name__}")
        self._value, self._shown = value, shown

    @classmethod
    def url(cls, url: "str | Secret") -> "str | Secret":
        """``url`` as it is, or a ``Secret`` showing its public form when it carries user
        info or a query string (a key in ``?api-key=...``)."""
        if isinstance(url, Secret):
            return url
        parts = urllib.parse.urlsplit(str(url))
        return cls(url, public_url(url)) if parts.query or parts.username or parts.password \
            else url

    def reveal(self) -> str:
        """The secret value (only for the request itself)."""
        return self._value

    def __repr__(self) -> str:
        return repr(self._shown)

    def __str__(self) -> str:
        return self._shown

    def __format__(self, spec: str) -> str:
        return self._shown

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> tuple:  # pickled (to Ray workers) with its value, never printed
        return (Secret, (self._value, self._shown))


def public_url(url: str) -> str:
    """``url`` without user info, query string and fragment (what messages may show)."""
    try:
        parts = urllib.parse.urlsplit(str(url))
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "<unparsable url>"


def scrub(text: str, *secrets: "Secret | str | None") -> str:
    """``text`` with every secret (and any ``Bearer ...`` token) replaced by ``***``."""
    out = str(text)
    for s in secrets:
        value = s.reveal() if isinstance(s, Secret) else s
        if value and len(value) >= 4:
            out = out.replace(value, "***")
    return re.sub(r"(?i)(bearer\s+)[^\s\"',;]+", r"\1***", out)


_SECRET_NAME = re.compile(r"(^|_)(api_?key|token|secret|password|auth)$", re.IGNORECASE)


def redact_params(params: Any) -> Any:
    """``params`` (a method's settings, nested dicts and lists too) with every secret replaced
    by ``"***"``: values of keys named like ``api_key``/``token``/``password``, and
    ``Secret`` objects. What run folders and messages may hold.

    Example:
        >>> redact_params({"api_key": "sk-1", "model": "m", "extra_body": {"token": "t"},
        ...                "base_url": "https://h/v1?api-key=sk-1"})
        {'api_key': '***', 'model': 'm', 'extra_body': {'token': '***'}, 'base_url': 'https://h/v1'}
    """
    if isinstance(params, Secret):
        return "***"
    if isinstance(params, dict):
        return {k: ("***" if v is not None and isinstance(k, str) and _SECRET_NAME.search(k)
                    else public_url(v) if isinstance(k, str) and k.endswith("url") and
                    isinstance(v, str) and str(Secret.url(v)) != v
                    else redact_params(v)) for k, v in params.items()}
    if isinstance(params, (list, tuple)):
        return type(params)(redact_params(v) for v in params)
    return params


class EndpointError(RuntimeError):
    """An OpenAI-compatible endpoint could not give an answer (its message names the endpoint
    and the reason; it never holds the API key)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class EndpointUnreachableError(EndpointError):
    """Nothing answered at the base URL (refused, no route, DNS, timeouts on every attempt)."""


class EndpointResponseError(EndpointError):
    """The endpoint answered, but not with a usable completion (garbage, too large, empty,
    refused, unknown model, ...)."""


class ContextWindowError(EndpointError):
    """The prompt is longer than the model's context window; ``window`` is the window in tokens
    when the server said it."""

    def __init__(self, message: str, window: int | None = None) -> None:
        super().__init__(message, 400)
        self.window = window


class EndpointClient:
    """POST JSON to an OpenAI-compatible endpoint and return the JSON answer.

    Args:
        base_url: e.g. ``"https://api.openai.com/v1"`` or ``"http://127.0.0.1:8080/v1"``.
        api_key: a ``Secret`` (or str, wrapped), sent as ``Authorization: Bearer``; None: none.
        timeout: seconds per attempt (connect and each read).
        max_retries: further attempts after a retryable failure (429, 5xx, timeout, reset).
        backoff: first wait in seconds; doubled per retry (with jitter), at most ``max_backoff``.
        max_response_bytes: larger answers are refused (bounded memory).
        concurrency: requests in flight at once through this client (a semaphore).
    """

    def __init__(self, base_url: "str | Secret", api_key: "Secret | str | None" = None, *,
                 timeout: float = 60.0, max_retries: int = 4, backoff: float = 0.5,
                 max_backoff: float = 20.0, max_response_bytes: int = 4 << 20,
                 concurrency: int = 4, sleep: Any = time.sleep) -> None:
        full = base_url.reveal() if isinstance(base_url, Secret) else str(base_url)
        parts = urllib.parse.urlsplit(full)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be an http(s) URL such as "
                             f"'http://127.0.0.1:8080/v1', got {public_url(full)!r}")
        self._url = Secret(full, public_url(full))
        self.api_key = None if api_key is None else Secret(api_key)
        # what a message must never hold: the key, and a URL's password and query values
        self._secrets = [self.api_key, parts.password] + [
            v for _, v in urllib.parse.parse_qsl(parts.query)]
        self.timeout, self.max_retries = float(timeout), int(max_retries)
        self.backoff, self.max_backoff = float(backoff), float(max_backoff)
        self.max_response_bytes = int(max_response_bytes)
        self._gate = threading.Semaphore(max(1, int(concurrency)))
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"EndpointClient({self.where!r}, api_key={'***' if self.api_key else None})"

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_gate"] = state["_gate"]._value  # semaphores do not pickle; keep the limit
        state.pop("_sleep", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        limit = state.pop("_gate")
        self.__dict__.update(state)
        self._gate = threading.Semaphore(max(1, int(limit)))
        self._sleep = time.sleep

    @property
    def where(self) -> str:
        """The base URL as messages show it."""
        return str(self._url)

    def _msg(self, text: str) -> str:
        return scrub(text, *self._secrets)

    # ------------------------------------------------------------------ requests
    def get(self, path: str) -> dict[str, Any]:
        """GET ``base_url + path`` (e.g. ``/models``) as JSON, same retries and bounds."""
        return self._request("GET", path, None)

    def post(self, path: str, payload: Mapping[str, Any]) -> tuple[dict[str, Any], dict]:
        """POST ``payload`` to ``base_url + path``; returns (answer, info) where info holds
        ``latency_s`` (the successful attempt) and ``retries``."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        info: dict[str, Any] = {}
        answer = self._request("POST", path, body, info)
        return answer, info

    def _request(self, method: str, path: str, body: bytes | None,
                 info: dict[str, Any] | None = None) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(self._url.reveal())  # a query (api-key=) stays last
        url = urllib.parse.urlunsplit(parts._replace(
            path=parts.path.rstrip("/") + "/" + path.lstrip("/"), fragment=""))
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "User-Agent": "summarize"}
        if self.api_key:
            headers["Authorization"] = "Bearer " + self.api_key.reveal()
        last: EndpointError | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                wait = self._wait(attempt, last)
                log.info("retrying %s %s in %.1f s (%s)", method, public_url(url), wait, last)
                self._sleep(wait)
            t0 = time.perf_counter()
            try:
                with self._gate:
                    answer = self._once(method, url, body, headers)
            except _Retry as exc:
                last = exc.error
                continue
            if info is not None:
                info["latency_s"] = time.perf_counter() - t0
                info["retries"] = attempt
            return answer
        assert last is not None
        raise type(last)(self._msg(f"{last} (gave up after "
                                   f"{self.max_retries + 1} attempts)"), last.status)

    def _wait(self, attempt: int, last: EndpointError | None) -> float:
        after = getattr(last, "retry_after", None)
        if after is not None:
            return min(after, _MAX_RETRY_AFTER)
        base = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return base * (0.5 + random.random() / 2)

    def _once(self, method: str, url: str, body: bytes | None,
              headers: dict[str, str]) -> dict[str, Any]:
        where = public_url(url)
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        failed: tuple[int, bytes, Any] | None = None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                raw = self._read(resp, where)
                status = resp.status
        except urllib.error.HTTPError as exc:
            raw = b""
            try:
                raw = exc.read(min(self.max_response_bytes, 64 << 10))
            except Exception:  # the error body is only used for the message
                pass
            finally:
                exc.close()
            failed = (exc.code, raw, exc.headers)
        except (socket.timeout, TimeoutError) as exc:
            raise _Retry(EndpointUnreachableError(
                f"{where} did not answer within {self.timeout:g} s (timeout=)")) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise _Retry(EndpointUnreachableError(
                    f"{where} did not answer within {self.timeout:g} s (timeout=)")) from None
            raise _Retry(EndpointUnreachableError(self._msg(
                f"cannot reach {where} ({_reason(reason)}); is the server running and is "
                "base_url right?"))) from None
        except (ConnectionError, http_client_errors()) as exc:
            raise _Retry(EndpointUnreachableError(self._msg(
                f"the connection to {where} broke ({type(exc).__name__}: {exc})"))) from None
        if failed is not None:  # raised here: no urllib exception (full URL) chained to it
            self._http_error(*failed[:2], where, failed[2])
        return self._parse(raw, where, status)

    def _read(self, resp: Any, where: str) -> bytes:
        limit = self.max_response_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise EndpointResponseError(
                f"{where} sent a {int(declared):,}-byte answer, over max_response_bytes="
                f"{limit:,}; refused")
        chunks, size = [], 0
        while True:
            chunk = resp.read(min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise EndpointResponseError(
                    f"{where} sent an answer over max_response_bytes={limit:,} bytes; refused")
        return b"".join(chunks)

    def _parse(self, raw: bytes, where: str, status: int) -> dict[str, Any]:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            head = raw[:80].decode("utf-8", "replace")
            raise EndpointResponseError(self._msg(
                f"{where} answered (HTTP {status}) with something that is not JSON: "
                f"{head!r}{'...' if len(raw) > 80 else ''}")) from None
        if not isinstance(data, dict):
            raise EndpointResponseError(f"{where} answered with JSON that is not an object "
                                        f"({type(data).__name__})")
        return data

    def _http_error(self, status: int, raw: bytes, where: str, headers: Any) -> None:
        detail = _error_detail(raw)
        text = self._msg(f"{where} answered HTTP {status}" + (f": {detail}" if detail else ""))
        if status in RETRY_STATUSES:
            err = EndpointError(text, status)
            err.retry_after = _retry_after(headers)  # type: ignore[attr-defined]
            raise _Retry(err)
        if status in (401, 403):
            raise EndpointError(text + " (the API key was refused: set it in the environment "
                                "variable named by api_key_env, or pass api_key=)", status)
        if status == 404:
            raise EndpointResponseError(text + " (unknown model name, or base_url does not end "
                                        "where the API lives, e.g. .../v1)", status)
        if status in (400, 413, 422) and _CONTEXT_WORDS.search(detail or ""):
            raise ContextWindowError(text, _window_from(detail))
        raise EndpointResponseError(text, status)


class _Retry(Exception):
    def __init__(self, error: EndpointError) -> None:
        super().__init__(str(error))
        self.error = error


def http_client_errors() -> type:
    import http.client

    return http.client.HTTPException


def _reason(reason: Any) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    return f"{type(reason).__name__}: {reason}" if isinstance(reason, BaseException) else str(reason)


def _error_detail(raw: bytes) -> str:
    """The server's own error message (OpenAI's ``{"error": {"message": ...}}`` or a short
    text), at most 300 characters."""
    text = raw[:4096].decode("utf-8", "replace")
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            err = data.get("error", data.get("detail", data))
            if isinstance(err, dict):
                err = err.get("message") or err.get("msg") or err
            text = err if isinstance(err, str) else json.dumps(err)[:300]
    except (ValueError, RecursionError):
        pass
    text = " ".join(text.split())
    return text[:300] + ("..." if len(text) > 300 else "")


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _window_from(detail: str) -> int | None:
    """The context window a server names in its error ("... context window of 2048 tokens",
    "maximum context length is 8192 tokens"), if it does."""
    m = re.search(r"(?:context (?:window|length)(?: of| is)?|maximum context length is|"
                  r"n_ctx(?: of| is|=| =)?)\s*(\d{2,7})", detail, re.IGNORECASE)
    return int(m.group(1)) if m else None
