"""The gateway process: `python -m studiolo.model.ray IN_FD OUT_FD ADDRESS APP` (started by gateway.Gateway)."""

import sys
from multiprocessing.connection import Connection

from studiolo.model.ray.gateway import _Duplex, gateway_main

if __name__ == "__main__":
    incoming, outgoing, address, app = sys.argv[1:5]
    gateway_main(
        _Duplex(Connection(int(incoming), writable=False), Connection(int(outgoing), readable=False)), address, app
    )
