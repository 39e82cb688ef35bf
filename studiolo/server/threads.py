"""numpy's BLAS held to one thread while any StudioServer of this process runs, and given back after the last.

numpy's BLAS threads busy-wait between calls and take the cores from the painter's and the router's threads;
studiolo's matrices are small, so one thread loses nothing. The limit is the process's, not a server's: servers
started and stopped in any order (tests run several) share one limit, counted, and the original limits come
back only when the last server stops. threadpoolctl's own limiter restores whatever it found when it was made,
so two overlapping servers each holding one would leave the process with the wrong limits.
"""

from __future__ import annotations

import threading
from typing import Any

from threadpoolctl import threadpool_limits

_lock = threading.Lock()
_holders = 0
_limiter: Any = None  # threadpoolctl's limiter, holding the original limits, while any server runs


def hold_single_threaded_blas() -> None:
    global _holders, _limiter
    with _lock:
        if _holders == 0:
            _limiter = threadpool_limits(limits=1, user_api="blas")
        _holders += 1


def release_single_threaded_blas() -> None:
    global _holders, _limiter
    with _lock:
        if _holders == 0:
            return
        _holders -= 1
        if _holders == 0:
            _limiter.restore_original_limits()
            _limiter = None
