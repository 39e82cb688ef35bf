"""Painting and describing on a Ray Serve cluster (the optional extra `studiolo[ray]`).

    deployments.py   the Serve application `studiolo workers deploy` makes (painter, describer, studio ingress)
    workers.py       deploy, status and shutdown of that application (the `studiolo workers` commands)
    gateway.py       the child process that holds the server's connection to the cluster
    painter.py       RayPainter     (backend ray:<app>)
    describer.py     RayDescriber   (backend ray:<app>)
    messages.py      what the server, the gateway and the replicas hand each other
    cluster.py       joining the cluster, or one clear line saying it is not there

Ray itself is imported only by the gateway process, the replicas and the `workers` commands; a server using
`ray:<app>` backends imports only this package's light modules.
"""

from __future__ import annotations

import threading

from studiolo.errors import StudioloError
from studiolo.model.ray.gateway import Gateway

_gateways: dict[tuple[str, str], Gateway] = {}
_lock = threading.Lock()


def gateway_for(address: str, app: str) -> Gateway:
    """The one gateway of this process for `app` on the cluster at `address` (painter and describer share it)."""
    if address.startswith("ray://"):  # Serve's handles do not work through Ray Client (deploying does)
        raise StudioloError(
            "settings.invalid",
            f"a server painting on Ray must run on a node of the cluster, not through Ray Client ({address}): join "
            "it with `ray start --address=HEAD:6379 --num-cpus=0` and use workers.address auto",
            field="workers.address",
        )
    with _lock:
        if (address, app) not in _gateways:
            _gateways[(address, app)] = Gateway(address, app)
        return _gateways[(address, app)]
