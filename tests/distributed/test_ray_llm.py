"""An endpoint method on Ray like every method: summarize_dataset's model actors call a local
OpenAI-compatible server (tests/llm_server.py, 127.0.0.1) and give summarize_many's results,
bad rows reported in place; the key reaches the workers and none of the output columns."""

from __future__ import annotations

import pytest

ray = pytest.importorskip("ray")  # the ray extra; CI installs it (pip install ".[ray]")

from summarize import summarize_many  # noqa: E402
from summarize.distributed import summarize_dataset  # noqa: E402

from llm_server import FakeLLM  # noqa: E402
from tiny_models import article  # noqa: E402

pytestmark = [pytest.mark.timeout(600), pytest.mark.ray]
KEY = "sk-ray-7Hq2mN0xPz"


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=512 * 1024 * 1024,
             log_to_driver=False)
    from ray.data import DataContext

    DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def test_endpoint_on_ray_matches_summarize_many():
    texts = [article(5, offset=k) for k in range(5)]
    texts[2] = None
    with FakeLLM() as llm:
        params = dict(base_url=llm.url, api_key=KEY, sentences=2)
        out = summarize_dataset(texts, "openai:lead", workers=2, batch_size=2,
                                **params).to_pandas()
        expected = summarize_many(texts, method="openai:lead", progress=False, **params)
        auth = {r["headers"].get("Authorization") for r in llm.requests}
    assert auth == {f"Bearer {KEY}"}
    assert out["summary"].isna().tolist() == [False, False, True, False, False]
    assert [t for t in out["summary"] if isinstance(t, str)] == \
        [r.text for r in expected if r.ok]
    assert out["summary_error"][2].startswith("TypeError")
    assert KEY not in out.to_json()
