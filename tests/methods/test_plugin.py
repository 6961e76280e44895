"""A method defined outside the package, installed with a ``summarize.methods`` entry point
(tests/demo_plugin.py), works everywhere a built-in method works: ``summarize()``,
``summarize_many()``, ``compare()``, ``python -m summarize bench`` and ``summarize_dataset``
(Ray), with nothing in the package naming it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from summarize import compare, list_methods, summarize, summarize_many
from summarize.testing import check_summarizer

from benchmark_fixtures import records, write_jsonl
from demo_plugin import DISTRIBUTION, PLUGIN_NAME

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("The mayor of Springfield met Governor Ann Lee in Boston on Monday. The weather was "
        "mild. Talks covered the new rail line from Springfield to Albany and New York. "
        "Nothing was decided. Officials from Amtrak and the Federal Transit Administration "
        "will join the next meeting in Washington.")


def _env(folder: Path) -> dict[str, str]:
    path = os.pathsep.join([str(folder), str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


def test_plugin_in_summarize_summarize_many_and_compare(demo_plugin):
    pytest.importorskip("pandas")  # notebook extra: compare() tables
    import summarize_demo_plugin

    check_summarizer(summarize_demo_plugin.KeySentences)  # what its author runs
    info = {m.name: m for m in list_methods()}[PLUGIN_NAME]
    assert info.origin == f"plugin ({DISTRIBUTION})" and info.kind == "extractive"
    s = summarize(TEXT, method=PLUGIN_NAME, sentences=2)
    assert s.method == PLUGIN_NAME and s.selected == (0, 4)  # the two sentences with most names
    assert summarize(TEXT, method=PLUGIN_NAME, sentences=2, min_names=6).selected == (0,)
    with pytest.raises(ValueError, match="min_names"):
        summarize(TEXT, method=PLUGIN_NAME, min_names=-1)
    many = summarize_many([TEXT, None, TEXT], method=PLUGIN_NAME, sentences=2, progress=False)
    assert [r.ok for r in many] == [True, False, True] and many[2].text == s.text
    table = compare(TEXT, ["lead", PLUGIN_NAME], sentences=2)
    row = table.to_frame().loc[PLUGIN_NAME]
    assert row["summary"] == s.text and row["kind"] == "extractive" and row["unsupported"] == 0


@pytest.mark.timeout(600)
def test_plugin_in_the_bench_command_and_the_method_list(demo_plugin, tmp_path):
    pytest.importorskip("pandas")  # benchmark extra: the bench report
    corpus = write_jsonl(tmp_path / "c.jsonl", records(3))
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "summarize", "bench", "--corpus", str(corpus), "--methods",
           f"lead3,{PLUGIN_NAME}", "--published", "none", "--out", str(out), "--quiet",
           "--sentences", "2", "--param", f"{PLUGIN_NAME}:min_names=1"]
    done = subprocess.run(cmd, env=_env(demo_plugin), capture_output=True, text=True,
                          timeout=540, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"| {PLUGIN_NAME} | plugin | 3 |" in done.stdout
    lines = [json.loads(x) for x in (out / "outputs.jsonl").read_text().splitlines()]
    mine = [x for x in lines if x["method"] == PLUGIN_NAME]
    assert len(mine) == 3 and all(x["ok"] and x["params"]["min_names"] == 1 for x in mine)
    listed = subprocess.run([sys.executable, "-m", "summarize", "--list-methods"],
                            env=_env(demo_plugin), capture_output=True, text=True, timeout=120)
    line = next(x for x in listed.stdout.splitlines() if x.startswith(PLUGIN_NAME))
    assert f"plugin ({DISTRIBUTION})" in line


_RAY = textwrap.dedent("""
    import json, sys
    import ray
    from summarize import summarize, summarize_dataset

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             object_store_memory=256 * 1024 * 1024)
    texts = json.loads(sys.argv[1])
    out = summarize_dataset(texts, method="key-sentences", sentences=2, workers=2,
                            batch_size=2).to_pandas()
    want = [summarize(t, method="key-sentences", sentences=2).to_record() for t in texts]
    got = [json.loads(x) for x in out["summary_provenance"]]
    print(json.dumps({"summary": out["summary"].tolist(), "want": want, "got": got}))
    ray.shutdown()
""")


@pytest.mark.ray
@pytest.mark.timeout(600)
def test_plugin_in_summarize_dataset_on_ray(demo_plugin, tmp_path):
    """Ray workers are fresh processes: they find the plug-in the way the driver does, through
    its installed entry point (here on PYTHONPATH)."""
    pytest.importorskip("ray")  # ray extra (pip install -e ".[ray]")
    texts = [TEXT, TEXT.replace("Springfield", "Shelbyville"), "Rain fell. Roads shut."]
    script = tmp_path / "ray_plugin.py"
    script.write_text(_RAY)
    done = subprocess.run([sys.executable, str(script), json.dumps(texts)],
                          env=_env(demo_plugin), capture_output=True, text=True, timeout=540,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["summary"] == [w["summary"] for w in result["want"]]
    for got, want in zip(result["got"], result["want"]):
        assert got["method"] == PLUGIN_NAME and got["selected"] == want["selected"]
        assert got["support"] == want["support"] and got["kind"] == "extractive"
