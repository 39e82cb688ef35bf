"""Joining the Ray cluster named by `workers.address`, failing in seconds with one clear line when it is not there.

`ray.init` waits minutes for a head that does not answer, so the head's port is tried first with a plain TCP
connection. `auto` means the cluster this machine belongs to (the one `ray start` recorded here).
"""

from __future__ import annotations

import logging
import os
import socket

from studiolo.errors import StudioloError

CONNECT_TIMEOUT_S = 3.0
# A process holding a Ray connection exits when the head stays away this long (Ray's default is 60 s); the
# gateway process is meant to die and be started again, so it gives up sooner.
RECONNECT_TIMEOUT_S = 10
HOW_TO_START = "start one with `ray start --head` (or point workers.address at yours), then `studiolo workers deploy`"


def unreachable(address: str, reason: str) -> StudioloError:
    return StudioloError(
        "workers.unreachable", f"cannot reach a Ray cluster at {address} ({reason}); {HOW_TO_START}",
        field="workers.address",
    )  # fmt: skip


def connect(address: str) -> None:
    """Join the cluster at `address` as a driver (once per process)."""
    import ray

    if ray.is_initialized():
        return
    try:
        socket.create_connection(head(address), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise unreachable(address, exc.strerror or type(exc).__name__) from None
    os.environ.setdefault("RAY_gcs_rpc_server_reconnect_timeout_s", str(RECONNECT_TIMEOUT_S))
    logging.getLogger("ray.serve").setLevel(logging.WARNING)  # Serve's INFO lines: every handle, every start
    try:
        ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR, configure_logging=False)
    except (ConnectionError, RuntimeError) as exc:
        raise unreachable(address, str(exc).splitlines()[0]) from None


def head(address: str) -> tuple[str, int]:
    """The host and port a connection to the cluster at `address` goes to first."""
    host_port = address.removeprefix("ray://") if address != "auto" else _recorded_address()
    host, _, port = host_port.rpartition(":")
    return host, int(port)


def head_answers(address: str) -> bool:
    """Whether the cluster's head still accepts connections (a lost replica, or the whole cluster lost?)."""
    try:
        socket.create_connection(head(address), timeout=CONNECT_TIMEOUT_S).close()
    except (OSError, StudioloError):
        return False
    return True


def _recorded_address() -> str:
    """The head address `ray start --head` recorded on this machine (what `auto` means to Ray)."""
    from ray._private.services import canonicalize_bootstrap_address

    try:
        found = canonicalize_bootstrap_address("auto")
    except ConnectionError:
        found = None
    if not found:
        raise unreachable("auto", "no cluster was started on this machine")
    return found
