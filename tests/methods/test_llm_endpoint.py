"""OpenAI-compatible endpoints through ``method="openai:<model>"``, against a local server of
our own (tests/llm_server.py, 127.0.0.1 only) whose model names choose how it misbehaves:
retries on 429/5xx, timeouts, garbage and oversized answers, empty and refused completions, a
wrong model name, an unreachable endpoint, answers in another language or far longer than
asked, prompts over the context window; the response cache (and its files as untrusted input);
and the API key kept out of everything we print or write."""

from __future__ import annotations

import json
import logging
import os
import pickle
import socket
import traceback

import pytest

from summarize import Summary, summarize, summarize_many
from summarize.methods.llm.cache import ResponseCache
from summarize.methods.llm.client import (ContextWindowError, EndpointClient, EndpointError,
                                          EndpointResponseError, EndpointUnreachableError)
from summarize.methods.llm.summarizer import LLMSummarizer
from summarize.methods.registry import get_summarizer, list_methods, method_info

from llm_server import FakeLLM
from tiny_models import article

pytestmark = pytest.mark.timeout(120)
KEY = "sk-test-Zq8c2XvS0pK"
TEXT = article(8)


@pytest.fixture(scope="module")
def llm():
    with FakeLLM() as server:
        yield server


def ep(llm, model, **params):
    params.setdefault("max_retries", 2)
    params.setdefault("timeout", 10)
    return get_summarizer(f"openai:{model}", base_url=llm.url, **params)


def test_registered_and_resolved_by_prefix(llm):
    names = {m.name: m for m in list_methods()}
    assert names["openai"].kind == "abstractive" and "llama.cpp" in names
    assert method_info("openai").origin == "builtin"
    s = ep(llm, "lead")
    assert isinstance(s, LLMSummarizer) and s.name == "openai:lead" and s.model == "lead"
    assert not s._loaded  # building only stores
    assert type(s)(**s.get_params()).get_params() == s.get_params()
    with pytest.raises(ValueError, match="needs a model name"):
        get_summarizer("openai")
    with pytest.raises(ValueError, match="base_url must be an http"):
        get_summarizer("openai:x", base_url="ftp://example")
    with pytest.raises(ValueError, match="concurrency must be an int"):
        get_summarizer("openai:x", concurrency=0)


def test_endpoint_follows_the_contract(llm):
    from summarize.testing import check_summarizer

    assert check_summarizer("openai:lead", base_url=llm.url).name == "openai:lead"


def test_summary_checked_with_usage_and_latency(llm):
    s = summarize(TEXT, method="openai:lead", base_url=llm.url, sentences=2)
    assert isinstance(s, Summary) and s.kind == "abstractive" and len(s.sentences) == 2
    assert s.text.startswith("The city council voted")
    # checked by default: provenance and the faithfulness score on every sentence
    assert all(sup.faithfulness is not None and sup.source_indices for sup in s.support)
    assert s.unsupported == [] and s.faithfulness is not None
    assert s.params["model"] == "lead" and s.params["endpoint"] == llm.url
    assert s.params["sentences"] == 2 and s.params["support_scorer"] == "faithfulness"
    assert s.extra["usage"]["completion_tokens"] > 0 and s.extra["calls"] == 1
    assert s.extra["latency_s"] > 0 and s.extra["retries"] == 0
    # the request: chat completions, greedy, the length and language asked in the prompt
    body = llm.requests[-1]["body"]
    assert llm.requests[-1]["path"] == "/v1/chat/completions"
    assert body["temperature"] == 0 and body["model"] == "lead"
    prompt = body["messages"][0]["content"]
    assert "in at most 2 sentences" in prompt and "language of the article" in prompt
    words = summarize(TEXT, method="openai:lead", base_url=llm.url, words=30,
                      summary_language="German")
    assert "in at most 30 words" in llm.requests[-1]["body"]["messages"][0]["content"]
    assert "Write it in German." in llm.requests[-1]["body"]["messages"][0]["content"]
    assert words.n_words <= 30
    tldr = summarize(TEXT, method="openai:lead", base_url=llm.url, sentences=1,
                     prompt_style="tldr")
    assert llm.requests[-1]["path"] == "/v1/completions"
    assert llm.requests[-1]["body"]["prompt"].endswith("\n\nTL;DR:")
    assert tldr.sentences[0] == s.sentences[0]


def test_blank_start_of_a_base_model_is_asked_again(llm):
    s = summarize(TEXT, method="openai:blankstart", base_url=llm.url, prompt_style="tldr",
                  sentences=2)
    assert s.extra["blank_start_retry"] and s.extra["calls"] == 2
    assert s.text.startswith("The city council") and "Advertisement" not in s.text
    chat = summarize(TEXT, method="openai:blankstart", base_url=llm.url, sentences=2)
    assert "blank_start_retry" not in chat.extra and chat.extra["calls"] == 1  # no stop sent


def test_retries_on_429_and_5xx_then_gives_up(llm):
    s = summarize(article(6, offset=1), method="openai:ratelimit", base_url=llm.url,
                  sentences=1, max_retries=3)
    assert s.extra["retries"] == 2 and s.ok
    s = summarize(article(6, offset=2), method="openai:flaky", base_url=llm.url, sentences=1)
    assert s.extra["retries"] == 1
    before = llm.calls("down")
    client_sleeps: list[float] = []
    client = EndpointClient(llm.url, max_retries=2, backoff=0.01, sleep=client_sleeps.append)
    with pytest.raises(EndpointError, match=r"HTTP 503.*gave up after 3 attempts") as err:
        client.post("/chat/completions", {"model": "down", "messages": [
            {"role": "user", "content": "x\n\ny"}]})
    assert err.value.status == 503 and llm.calls("down") - before == 3
    assert len(client_sleeps) == 2 and client_sleeps[1] >= client_sleeps[0] * 0.5


@pytest.mark.timeout(60)  # the hang guard: a timeout that did not fire would stop here
def test_timeout_and_unreachable_fail_in_bounded_time(llm):
    with pytest.raises(EndpointUnreachableError, match="did not answer within 0.5 s"):
        summarize(TEXT, method="openai:slow", base_url=llm.url, timeout=0.5, max_retries=1)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EndpointUnreachableError, match="cannot reach .*connection refused"):
        summarize(TEXT, method="openai:lead", base_url=f"http://127.0.0.1:{port}/v1",
                  max_retries=1)


@pytest.mark.parametrize("model, match", [
    ("garbage", "not JSON: '<html>"),
    ("list", "JSON that is not an object"),
    ("huge", "over max_response_bytes"),
    ("empty", "empty completion"),
    ("refuse", "refused to summarize: \"I can't help"),
    ("filtered", "content filter"),
    ("no-such-model", "does not exist .*unknown model name.*serves: 'lead'"),
])
def test_bad_answers_are_clear_errors(llm, model, match):
    with pytest.raises(EndpointResponseError, match=match):
        summarize(TEXT, method=f"openai:{model}", base_url=llm.url)


def test_summarize_many_keeps_the_good_items(llm):
    texts = [article(6), None, article(5, offset=2) + " REFUSE-ME now.", "", article(7, 4)]
    out = summarize_many(texts, method="openai:lead", base_url=llm.url, sentences=2,
                         progress=False)
    assert [r.ok for r in out] == [True, False, False, False, True]
    assert out[2].error_type == "EndpointResponseError" and "refused" in out[2].message
    assert out[2].index == 2 and out[0].text and out[4].text
    bad = summarize_many([TEXT, TEXT], method="openai:garbage", base_url=llm.url,
                         progress=False)
    assert [r.ok for r in bad] == [False, False] and "not JSON" in bad[0].message


def test_summarize_many_records_the_language_like_summarize(llm):
    texts = [article(4),
             "Der Zug kam am Morgen nicht an. Die Fahrgäste warteten auf dem Bahnsteig und "
             "fragten nach dem Grund. Erst am Abend fuhr er wieder.",
             "電車は朝に来なかった。乗客は駅で長く待った。夜になって運転が再開された。"]
    many = summarize_many(texts, method="openai:lead", base_url=llm.url, progress=False,
                          concurrency=2)
    one = [summarize(t, method="openai:lead", base_url=llm.url) for t in texts]
    assert all(r.ok for r in many)
    assert [r.params.get("language") for r in many] == ["en", "de", "ja"]
    for key in ("language", "length_unit", "words"):
        assert [r.params.get(key) for r in many] == [r.params.get(key) for r in one], key


def test_concurrency_is_limited(llm):
    texts = [article(5, offset=k) for k in range(6)]
    llm.peak = 0
    out = summarize_many(texts, method="openai:lead-slow", base_url=llm.url, sentences=1,
                         concurrency=3, progress=False)
    assert all(r.ok for r in out)
    assert [r.source for r in out] == [t for t in texts]  # input order
    assert 1 < llm.peak <= 3


def test_other_language_and_overlong_answers(llm):
    fr = summarize(TEXT, method="openai:french", base_url=llm.url, sentences=2)
    assert fr.unsupported == [0, 1] and "another" not in fr.text
    assert "different language" in fr.extra["warning"]
    fixed = summarize(TEXT, method="openai:french", base_url=llm.url, sentences=2,
                      faithful=True)
    assert fixed.unsupported == [] and len(fixed.sentences) == 2
    assert all(sup.replaced for sup in fixed.support)  # source sentences stand in
    assert all(t in TEXT for t in fixed.sentences)
    assert fixed.extra["dropped_model_sentences"] or fixed.extra["replaced"]
    long = summarize(TEXT, method="openai:verbose", base_url=llm.url, sentences=2)
    assert len(long.sentences) == 2 and long.extra["cut_to_length"] == 28
    short = summarize(TEXT, method="openai:verbose", base_url=llm.url, words=20)
    assert short.n_words <= 20


def test_prompt_over_the_context_window_is_map_reduced(llm):
    text = article(40)
    learned = summarize(text, method="openai:window512", base_url=llm.url, sentences=2)
    assert learned.extra["rounds"] >= 1 and learned.extra["chunks"] >= 2
    assert learned.params["context_window"] == 512  # taken from the server's error
    assert learned.unsupported == []
    n = len(llm.requests)
    given = summarize(text, method="openai:window512", base_url=llm.url, sentences=2,
                      context_window=512)
    assert given.text == learned.text
    sizes = [len(r["body"]["messages"][0]["content"]) for r in llm.requests[n:]]
    assert max(sizes) <= 1200  # no request over the window: no refused call
    cut = summarize(text, method="openai:window512", base_url=llm.url, sentences=2,
                    context_window=512, mode="truncate")
    assert cut.extra["truncated_input"] and cut.extra["calls"] == 1
    client = EndpointClient(llm.url, max_retries=0)
    with pytest.raises(ContextWindowError) as err:
        client.post("/chat/completions", {"model": "window512", "messages": [
            {"role": "user", "content": "x\n\n" + text}]})
    assert err.value.window == 512


def test_response_cache_never_pays_twice_and_distrusts_its_files(llm, tmp_path):
    texts = [article(5, offset=k) for k in range(3)]
    first = summarize_many(texts, method="openai:lead", base_url=llm.url, sentences=2,
                           cache=str(tmp_path / "c"), progress=False)
    n = len(llm.requests)
    again = summarize_many(texts, method="openai:lead", base_url=llm.url, sentences=2,
                           cache=str(tmp_path / "c"), progress=False)
    assert len(llm.requests) == n  # nothing paid twice
    assert [a.text for a in again] == [f.text for f in first]
    assert all(a.extra["cached_calls"] == 1 for a in again)
    # damaged entries: garbage, a link to /dev/zero, a FIFO, a huge file, another request's
    # answer, a wrong checksum -> each is a miss, fetched again, and overwritten
    entries = sorted((tmp_path / "c").rglob("*.json"))
    assert len(entries) == 3
    other = json.loads(entries[1].read_text())
    entries[0].write_text("{not json")
    entries[1].unlink()
    entries[1].symlink_to("/dev/zero")
    entries[2].unlink()
    os.mkfifo(entries[2])
    result = summarize_many(texts, method="openai:lead", base_url=llm.url, sentences=2,
                            cache=str(tmp_path / "c"), progress=False)
    assert [r.text for r in result] == [f.text for f in first]
    assert len(llm.requests) == n + 3
    cache = ResponseCache(tmp_path / "c")
    key = json.loads(entries[0].read_text())["key"]
    good = json.loads(entries[0].read_text())
    entries[0].write_text(json.dumps({**good, "answer": {**good["answer"], "model": "x"}}))
    assert cache.get(key) is None  # checksum mismatch
    entries[0].write_text(json.dumps({**other, "key": other["key"]}))
    assert cache.get(key) is None  # another request's entry
    entries[0].write_bytes(b"[" * 200_000)
    assert cache.get(key) is None  # deep nesting: refused, no RecursionError
    small = ResponseCache(tmp_path / "c", max_bytes=100)
    entries[0].write_text(json.dumps(good))
    assert small.get(key) is None and cache.get(key) is not None
    assert cache.stats()["rejected"] == 3


def test_secret_never_leaves(llm, tmp_path, caplog, monkeypatch):
    from summarize.bench.corpus import corpus_from_records
    from summarize.bench.runner import run_benchmark

    caplog.set_level(logging.DEBUG)
    s = ep(llm, "flaky", api_key=KEY)
    out = s.summarize(article(6, offset=5), sentences=2)
    assert llm.requests[-1]["headers"]["Authorization"] == f"Bearer {KEY}"  # it was sent
    seen = [repr(s), str(s.get_params()), repr(out), json.dumps(out.to_record(True)),
            str(out.params), str(out.extra), out._repr_html_(), repr(s.api_key),
            f"{s.api_key}"]
    with pytest.raises(EndpointResponseError) as err:  # a server that echoes the key back
        ep(llm, "leak", api_key=KEY).summarize(TEXT)
    seen += [str(err.value), repr(err.value), "".join(traceback.format_exception(err.value))]
    # a key in the URL's query (Azure style) is used, and shown nowhere either
    in_url = LLMSummarizer("leak", base_url=f"{llm.url}?api-key={KEY}", max_retries=0)
    with pytest.raises(EndpointResponseError) as err:
        in_url.summarize(TEXT)
    assert llm.requests[-1]["path"] == f"/v1/chat/completions?api-key={KEY}"
    seen += [str(err.value), "".join(traceback.format_exception(err.value)), repr(in_url)]
    bad = summarize_many([TEXT], method="openai:leak", base_url=llm.url, api_key=KEY,
                         progress=False)[0]
    seen += [bad.message, json.dumps(bad.to_record())]
    # from the environment, the usual way
    monkeypatch.setenv("MY_LLM_KEY", KEY)
    env = ep(llm, "lead", api_key_env="MY_LLM_KEY")
    env_out = env.summarize(TEXT)
    assert llm.requests[-1]["headers"]["Authorization"] == f"Bearer {KEY}"
    seen += [repr(env), json.dumps(env_out.to_record(True))]
    # a benchmark run folder, with the key passed as a method parameter
    corpus = corpus_from_records([{"source": article(6, offset=k), "reference": "x."}
                                  for k in range(2)])
    secret_params = {"openai:lead": {"base_url": f"{llm.url}?api-key={KEY}", "api_key": KEY}}
    run = run_benchmark(corpus, ["openai:lead"], tmp_path / "run", sentences=1, progress=False,
                        method_params=secret_params)
    assert len(run.records) == 2 and all(r["ok"] for r in run.records)
    files = [p.read_text(errors="replace") for p in (tmp_path / "run").rglob("*") if p.is_file()]
    # resumed with the same key: same settings, nothing new to run
    n = len(llm.requests)
    run_benchmark(corpus, ["openai:lead"], tmp_path / "run", sentences=1, progress=False,
                  method_params=secret_params)
    assert len(llm.requests) == n
    seen += files + [r.getMessage() for r in caplog.records] + [caplog.text]
    seen.append(pickle.loads(pickle.dumps(s)).__repr__())
    assert any("retrying" in r.getMessage() for r in caplog.records)  # logs were written
    for text in seen:
        assert KEY not in text
    assert pickle.loads(pickle.dumps(s)).api_key.reveal() == KEY  # workers can still call


def test_no_key_for_the_hosted_default_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ValueError, match="set the environment variable OPENAI_API_KEY"):
        summarize(TEXT, method="openai:gpt-4o-mini")


def test_compare_and_benchmark_take_an_endpoint(llm, tmp_path):
    from summarize import compare
    from summarize.bench.corpus import corpus_from_records
    from summarize.bench.runner import run_benchmark

    cmp = compare(TEXT, ["lead", "openai:lead"], sentences=2,
                  method_params={"openai:lead": {"base_url": llm.url}})
    got = cmp.results["openai:lead"]
    assert got.ok and got.text.startswith("The city council voted") and got.support
    html = cmp._repr_html_()
    assert "openai:lead" in html
    corpus = corpus_from_records([{"source": article(6, offset=k), "reference": "x."}
                                  for k in range(3)])
    run = run_benchmark(corpus, ["openai:lead"], tmp_path / "r", sentences=2, progress=False,
                        method_params={"openai:lead": {"base_url": llm.url}})
    assert [r["ok"] for r in run.records] == [True] * 3
    assert run.records[0]["params"]["endpoint"] == llm.url


def test_llama_cpp_missing_names_the_pip_line(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # as if not installed
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    s = get_summarizer(f"llama.cpp:{gguf}")  # building needs nothing
    with pytest.raises(ImportError, match=r'pip install "summarize\[llamacpp\]"'):
        s.summarize(TEXT)
