"""Torch threads for generation on CPU: the cores idle right now (``runtime/threads.py``)."""

from __future__ import annotations

import os

import pytest

import torch

from summarize import summarize
from summarize.runtime import threads

from tiny_models import article, build_tiny


def test_explicit_counts_and_the_env_override(monkeypatch):
    monkeypatch.delenv(threads.THREADS_ENV, raising=False)
    assert threads.choose_threads(3) == (3, "requested")
    monkeypatch.setenv(threads.THREADS_ENV, "1")
    assert threads.choose_threads("auto") == (1, "SUMMARIZE_THREADS=1")
    assert threads.choose_threads(2) == (2, "requested")  # the argument wins
    monkeypatch.setenv(threads.THREADS_ENV, "many")
    with pytest.raises(ValueError, match="SUMMARIZE_THREADS='many'"):
        threads.choose_threads("auto")
    for bad in (0, -1, 1.5, True, "two"):
        with pytest.raises(ValueError, match="threads must be"):
            threads.choose_threads(bad)


@pytest.mark.parametrize("free, cores, expected", [
    (0.0, 2, 1), (0.4, 2, 1), (1.2, 2, 1), (1.6, 2, 2), (2.0, 2, 2), (7.6, 8, 8), (3.0, 8, 3),
])
def test_auto_uses_the_idle_cores(monkeypatch, free, cores, expected):
    monkeypatch.delenv(threads.THREADS_ENV, raising=False)
    monkeypatch.setattr(threads, "free_cores", lambda sample_s=0.1: free)
    monkeypatch.setattr(threads, "usable_cores", lambda: cores)
    n, why = threads.choose_threads("auto")
    assert n == expected and f"{free:.1f} of {cores}" in why


def test_auto_without_proc_stat_uses_every_usable_core(monkeypatch):
    monkeypatch.delenv(threads.THREADS_ENV, raising=False)
    monkeypatch.setattr(threads, "free_cores", lambda sample_s=0.1: None)
    assert threads.choose_threads("auto")[0] == threads.usable_cores()


def test_sampling_the_real_machine_is_bounded():
    free = threads.free_cores(0.05)
    if free is not None:  # Linux
        assert 0.0 <= free <= len(os.sched_getaffinity(0))
    assert 1 <= threads.usable_cores() <= (os.cpu_count() or 1)


def test_torch_threads_restores_the_callers_setting():
    before = torch.get_num_threads()
    with threads.torch_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


@pytest.mark.timeout(300)
def test_generation_records_the_threads_it_used(tmp_path, monkeypatch):
    path = str(build_tiny("llama", tmp_path))
    monkeypatch.setenv(threads.THREADS_ENV, "1")
    before = torch.get_num_threads()
    s = summarize(article(5), method=path, sentences=2, max_new_tokens=8)
    used = s.extra["torch_threads"]  # one entry per batch (map-reduce rounds included)
    assert set(used["per_batch"]) == {1} and used["why"] == "SUMMARIZE_THREADS=1"
    assert s.params["threads"] == "auto" and torch.get_num_threads() == before
    exact = summarize(article(5), method=path, sentences=2, max_new_tokens=8, threads=1,
                      dtype="float32")
    assert exact.extra["raw_output"] == s.extra["raw_output"]
