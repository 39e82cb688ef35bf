"""Plain HTTP on the websocket's port: health, metrics, draft images, and the web client.

GET /healthz           200 {"status": "ok", ...}
GET /metrics           Prometheus text
GET /drafts/{id}.png   the draft's PNG; token in `?token=` or `Authorization: Bearer`, checked per session
GET /  and /web/{file} the web client (static files shipped in studiolo/server/web/)
GET /ws                the websocket (returns None: the handshake goes on)
"""

from __future__ import annotations

import json
import re
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from studiolo.server.context import ServerContext

DRAFT_PATH = re.compile(r"^/drafts/([0-9a-f]{32})\.png$")
WEB_FILES = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
             "style.css": "text/css; charset=utf-8"}  # fmt: skip
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
# the page loads nothing from elsewhere: its own script and style, drafts from this server, previews as blobs
PAGE_POLICY = "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


def respond(server: ServerContext, ws: ServerConnection, request: Request) -> Response | None:
    url = urlsplit(request.path)
    path = url.path
    if path == "/ws":
        return None
    if path == "/healthz":
        body = {"status": "ok", "sessions": server.store.session_count(), "live_sessions": len(server.rooms),
                "queue_depth": server.scheduler.depth, "jobs_running": len(server.scheduler.running)}  # fmt: skip
        return _response(200, json.dumps(body).encode(), "application/json")
    if path == "/metrics":
        server.metrics.queue_depth.set(server.scheduler.depth)
        server.metrics.jobs_running.set(len(server.scheduler.running))
        return _response(200, server.metrics.render(), "text/plain; version=0.0.4; charset=utf-8")
    if path.startswith("/drafts/"):
        return _draft(server, request, path, parse_qs(url.query).get("token", [""])[0])
    name = "index.html" if path == "/" else path.removeprefix("/web/") if path.startswith("/web/") else None
    if name in WEB_FILES and (file := resources.files("studiolo.server").joinpath("web", name)).is_file():
        response = _response(200, file.read_bytes(), WEB_FILES[name])
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response
    return _response(404, b"not found\n", "text/plain; charset=utf-8")


def _draft(server: ServerContext, request: Request, path: str, token: str) -> Response:
    match = DRAFT_PATH.match(path)
    if match is None:
        return _response(
            400, b"a draft is /drafts/<32 hex digits>.png [draft.invalid_id]\n", "text/plain; charset=utf-8"
        )
    bearer = request.headers.get("Authorization", "")
    token = bearer.removeprefix("Bearer ").strip() if bearer.startswith("Bearer ") else token
    if not token:
        return _response(
            401,
            b"a token is needed: ?token= or Authorization: Bearer [auth.invalid_token]\n",
            "text/plain; charset=utf-8",
        )
    if not server.authority.valid(token):
        return _response(401, b"the token is wrong or expired [auth.invalid_token]\n", "text/plain; charset=utf-8")
    draft_id = match.group(1)
    sessions = server.store.draft_sessions(draft_id)
    if not server.authority.may_read(token, sessions):
        # the same answer for "no such draft" and "not yours": ids of other sessions' drafts stay secret
        return _response(404, b"no such draft [draft.not_found]\n", "text/plain; charset=utf-8")
    image = server.store.images.get(draft_id) if sessions else None
    if image is None:
        return _response(404, b"no such draft [draft.not_found]\n", "text/plain; charset=utf-8")
    return _response(200, image, "image/png")


def _response(status: int, body: bytes, content_type: str) -> Response:
    headers = Headers({"Content-Type": content_type, "Content-Length": str(len(body)), **SECURITY_HEADERS})
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}[status]
    return Response(status, reason, headers, body)
