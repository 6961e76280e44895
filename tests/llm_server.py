"""A small OpenAI-compatible HTTP server for tests (standard library, 127.0.0.1 only), whose
model names choose how it misbehaves. Used by tests/methods/test_llm_endpoint.py.

Models (the ``model`` field of a request):
    lead: answers with the article's first two sentences (a faithful summary), or refuses
        when the article holds "REFUSE-ME";
    lead-slow: the same after 0.3 s (for concurrency);
    ratelimit: HTTP 429 (Retry-After: 0) on the first two calls of each prompt, then "lead";
    flaky: HTTP 500 once per prompt, then "lead";  down: HTTP 503 always;
    slow: waits 5 s (longer than the tests' timeout);
    garbage: 200 with an HTML page;  huge: a 6 MiB JSON answer;  list: a JSON list;
    empty: an empty completion;  refuse: a refusal;  filtered: finish_reason content_filter;
    french: a French summary;  verbose: 30 sentences;
    blankstart: a base model opening with a blank line: empty under a "\n\n" stop, else
        "\n\n" + the lead + "\n\nAdvertisement";
    window512: 400 "maximum context length is 512 tokens" for prompts over 1,200 characters,
        else "lead";  leak: 400 whose message echoes the Authorization header.
Any other model gets 404 (OpenAI's "model does not exist"); GET /v1/models lists the names.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODELS = ("lead", "lead-slow", "blankstart", "ratelimit", "flaky", "down", "slow", "garbage", "huge", "list",
          "empty", "refuse", "filtered", "french", "verbose", "window512", "leak")
_SENT = re.compile(r"[^.!?\u3002]+[.!?\u3002]")  # "。" ends a Japanese sentence


class FakeLLM:
    """The server and what it saw: ``requests`` (path, body, headers), ``peak`` (most
    "lead-slow" requests in flight at once), ``url`` (base URL ending in /v1)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.counts: Counter = Counter()
        self.lock = threading.Lock()
        self.active = self.peak = 0
        handler = type("Handler", (_Handler,), {"llm": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeLLM":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls(self, model: str) -> int:
        return sum(1 for r in self.requests if r["body"].get("model") == model)


def _article(body: dict) -> str:
    if "prompt" in body:
        return body["prompt"].split("\n\nTL;DR:")[0]
    text = body["messages"][-1]["content"]
    return text.split("\n\n", 1)[1] if "\n\n" in text else text


class _Handler(BaseHTTPRequestHandler):
    llm: FakeLLM
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, payload: bytes, ctype: str = "application/json",
              headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _json(self, status: int, obj, headers: dict | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), headers=headers)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": m, "object": "model"}
                                                        for m in MODELS]})
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(size) or b"{}")
        llm = self.llm
        counted = body.get("model") == "lead-slow"  # peak: concurrent "lead-slow" requests
        with llm.lock:
            llm.requests.append({"path": self.path, "body": body,
                                 "headers": dict(self.headers.items())})
            if counted:
                llm.active += 1
                llm.peak = max(llm.peak, llm.active)
        try:
            self._answer(body)
        finally:
            if counted:
                with llm.lock:
                    llm.active -= 1

    def _answer(self, body: dict) -> None:
        llm, model = self.llm, body.get("model")
        article = _article(body)
        key = (model, article[:200])
        with llm.lock:
            llm.counts[key] += 1
            nth = llm.counts[key]
        lead = " ".join(m.group().strip() for m in list(_SENT.finditer(article))[:2])
        if model not in MODELS:
            return self._json(404, {"error": {"message": f"The model `{model}` does not exist",
                                              "code": "model_not_found"}})
        if model == "ratelimit" and nth <= 2:
            return self._json(429, {"error": {"message": "Rate limit reached"}},
                              {"Retry-After": "0"})
        if model == "flaky" and nth == 1:
            return self._json(500, {"error": {"message": "internal error"}})
        if model == "down":
            return self._json(503, {"error": {"message": "overloaded"}})
        if model == "slow":
            time.sleep(5)
        if model == "lead-slow":
            time.sleep(0.3)
        if model == "garbage":
            return self._send(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
        if model == "huge":
            return self._json(200, {"choices": [{"message": {"role": "assistant",
                                                             "content": "x " * (3 << 20)}}]})
        if model == "list":
            return self._json(200, ["not", "an", "object"])
        if model == "leak":
            return self._json(400, {"error": {"message": "bad request from "
                                              + self.headers.get("Authorization", "")}})
        if model == "window512" and len(body.get("prompt") or
                                         body["messages"][-1]["content"]) > 1200:
            return self._json(400, {"error": {"message": "This model's maximum context length "
                                              "is 512 tokens. Please reduce the length.",
                                              "code": "context_length_exceeded"}})
        content, refusal, finish = lead, None, "stop"
        if "REFUSE-ME" in article:
            content, refusal = None, "I can't summarize this article."
        elif model == "blankstart":
            content = "" if body.get("stop") else f"\n\n{lead}\n\nAdvertisement"
        elif model == "empty":
            content = ""
        elif model == "refuse":
            content, refusal = None, "I can't help with that request."
        elif model == "filtered":
            content, finish = "", "content_filter"
        elif model == "french":
            content = ("Le conseil municipal a voté hier soir. Les habitants sont mécontents "
                       "de cette décision.")
        elif model == "verbose":
            content = " ".join(f"Point number {i} is stated here in full." for i in range(30))
        usage = {"prompt_tokens": len(article.split()), "completion_tokens":
                 len((content or "").split()), "total_tokens": 0}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        if "prompt" in body:
            choice = {"index": 0, "text": content or "", "finish_reason": finish}
        else:
            choice = {"index": 0, "finish_reason": finish,
                      "message": {"role": "assistant", "content": content, "refusal": refusal}}
        self._json(200, {"id": "x", "object": "chat.completion", "model": model,
                         "choices": [choice], "usage": usage})
