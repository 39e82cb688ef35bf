"""Which host names and web pages may talk to the server: Host and Origin checked on every request.

A page on another site can open a websocket to 127.0.0.1 (browsers allow cross-site websockets and send the
page's `Origin`), and a site whose name is made to resolve to 127.0.0.1 (DNS rebinding) reaches the server with
its own name in `Host`. As Jupyter Server does (local_hostnames, allow_origin):

- Host: when the server listens on a loopback address, only its own names are answered (localhost, 127.0.0.1,
  ::1, the bind host, the host of public_url, and whatever `allow_hosts` adds); listening beyond this machine,
  any name is, unless `allow_hosts` lists them. `"*"` in allow_hosts: any.
- Origin: none (a script, `studiolo send`, the Python client) is allowed: the token guards those. A browser's is
  allowed when it is the server's own page (the Origin's host and port are the Host's), public_url's, or listed
  in `allow_origins` (`"*"`: any page).

A refusal is HTTP 403 with `<message> [host.forbidden]` or `[origin.forbidden]` as its body, before any
websocket is opened.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from websockets.datastructures import Headers

from studiolo.errors import StudioloError
from studiolo.settings import ServerSettings

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class OriginPolicy:
    def __init__(self, config: ServerSettings) -> None:
        listed = {_name(host) for host in config.allow_hosts}
        self.any_host = "*" in config.allow_hosts or (not listed and not is_loopback(config.host))
        self.hosts = listed | ({_name(config.host), *LOOPBACK_NAMES} if is_loopback(config.host) else set())
        self.any_origin = "*" in config.allow_origins
        self.origins = {_origin(origin) for origin in config.allow_origins if origin != "*"}
        if config.public_url:
            public = urlsplit(config.public_url)
            self.hosts.add(_name(public.hostname or ""))
            self.origins.add(_origin(config.public_url))
        self.hosts.discard("")

    def refusal(self, headers: Headers) -> StudioloError | None:
        """Why this request may not be answered, or None."""
        host = headers.get("Host", "")
        name = _name(urlsplit(f"//{host}").hostname or "") if host else ""
        if not self.any_host and name not in self.hosts:
            return StudioloError(
                "host.forbidden",
                f"this server does not answer to the host name {name or host!r}; add it to server.allow_hosts",
                field="Host",
            )
        origin = headers.get("Origin")
        if origin is None or self.any_origin or _origin(origin) in self.origins:
            return None
        if urlsplit(origin).netloc.lower() == host.lower() and urlsplit(origin).scheme in ("http", "https"):
            return None  # the server's own page
        return StudioloError(
            "origin.forbidden",
            f"pages from {origin[:100]!r} may not use this server; add the origin to server.allow_origins",
            field="Origin",
        )


def is_loopback(host: str) -> bool:
    if _name(host) == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _name(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _origin(url: str) -> str:
    return url.strip().rstrip("/").lower()
