"""How many CPU threads generation should use: the cores that are actually free right now.

torch runs every operator on ``torch.get_num_threads()`` threads (one per core by default) and
each operator waits for all of them. When other processes keep the cores busy, one of those
threads is often descheduled and the others wait for it at every operator: measured on a 2-core
AMD EPYC under a load average of 6-7, Gemma 270M generated 16 tokens in 4.8 s with one thread
and 14-23 s with two (float32; bf16 2.8-3.2 s against 9-13 s). So before each generation batch
``choose_threads`` samples, for ~0.1 s, how much of the CPUs this process may run on
(``os.sched_getaffinity``, a cgroup CPU quota) sat idle, and uses that many threads (at least
one). ``torch_threads`` applies it for one batch and restores the caller's setting.

Example:
    >>> n, why = choose_threads("auto")  # doctest: +SKIP
    >>> with torch_threads(n):  # doctest: +SKIP
    ...     model.generate(...)
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from pathlib import Path
from typing import Any, Iterator

from .deps import require

__all__ = ["choose_threads", "free_cores", "usable_cores", "torch_threads", "THREADS_ENV"]

THREADS_ENV = "SUMMARIZE_THREADS"
SAMPLE_S = 0.1


def usable_cores() -> int:
    """CPUs this process may run on: its affinity mask, capped by a cgroup v2 CPU quota.

    Example:
        >>> usable_cores() >= 1
        True
    """
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max" and float(period) > 0:
            n = min(n, max(1, math.ceil(float(quota) / float(period))))
    except (OSError, ValueError):
        pass
    return max(1, n)


def _cpu_times(cpus: set[int] | None) -> tuple[float, float] | None:
    """(idle, total) jiffies summed over ``cpus`` from /proc/stat (None where unreadable)."""
    try:
        lines = Path("/proc/stat").read_text().splitlines()
    except OSError:
        return None
    idle = total = 0.0
    seen = False
    for line in lines:
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or name == "cpu":
            continue
        try:
            index = int(name[3:])
            fields = [float(x) for x in rest.split()]
        except ValueError:
            continue
        if cpus is not None and index not in cpus:
            continue
        # user nice system idle iowait irq softirq steal (guest time is inside user)
        total += sum(fields[:8])
        idle += fields[3] + (fields[4] if len(fields) > 4 else 0.0)
        seen = True
    return (idle, total) if seen else None


def free_cores(sample_s: float = SAMPLE_S) -> float | None:
    """How many of this process's CPUs sat idle over the next ``sample_s`` seconds (time
    stolen by the hypervisor counts as busy); None where /proc/stat cannot be read.

    Example:
        >>> free = free_cores(0.05)  # doctest: +SKIP
        >>> 0.0 <= free <= usable_cores()  # doctest: +SKIP
        True
    """
    try:
        cpus: set[int] | None = set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = None
    before = _cpu_times(cpus)
    if before is None:
        return None
    time.sleep(sample_s)
    after = _cpu_times(cpus)
    if after is None:
        return None
    idle, total = after[0] - before[0], after[1] - before[1]
    n = len(cpus) if cpus else (os.cpu_count() or 1)
    if total <= 0:
        return None
    return max(0.0, min(float(n), n * idle / total))


def choose_threads(threads: Any = "auto") -> tuple[int, str]:
    """(threads, why) for one generation batch on CPU.

    An int is used as given. "auto" (or None) takes ``$SUMMARIZE_THREADS`` when set, else the
    free cores (``free_cores``, rounded, at least 1, at most ``usable_cores()``); where that
    cannot be sampled, ``usable_cores()``.

    Example:
        >>> choose_threads(2)
        (2, 'requested')
    """
    if threads is None or threads == "auto":
        env = os.environ.get(THREADS_ENV, "").strip()
        if env and env.lower() != "auto":
            if not env.isdigit() or int(env) < 1:
                raise ValueError(f"{THREADS_ENV}={env!r} is not a thread count; use a positive "
                                 "int or auto (or unset it)")
            return int(env), f"{THREADS_ENV}={env}"
        cores = usable_cores()
        free = free_cores()
        if free is None:
            return cores, f"auto: {cores} usable cores (idle time unreadable)"
        n = max(1, min(cores, int(free + 0.5)))
        return n, f"auto: {free:.1f} of {cores} usable cores idle"
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be 'auto' or an int >= 1, got {threads!r}")
    return threads, "requested"


@contextlib.contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run the block with ``torch.set_num_threads(n)``, then restore the previous count."""
    torch = require("torch")
    before = torch.get_num_threads()
    if n == before:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
