"""Plain HTTP on the websocket's port: health, metrics, draft images, and the web client.

GET /healthz           200 {"status": "ok", ...}
GET /metrics           Prometheus text; `Authorization: Bearer` with an operator or metrics token, unless public
GET /drafts/{id}.png   the draft's PNG: a signed address (`?exp=&sig=`, from the welcome's state) or a token in
                       `Authorization: Bearer`, checked per session; never a token in the query
GET /  and /web/{file} the web client (static files shipped in studiolo/server/web/)
GET /ws                the websocket (returns None: the handshake goes on)
"""

from __future__ import annotations

import hmac
import json
import re
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from studiolo.server.context import ServerContext

DRAFT_PATH = re.compile(r"^/drafts/([0-9a-f]{32})\.png$")
# the web client: its page, its style, and its ES modules (one per pane; app.js starts the page)
WEB_MODULES = ("app", "board", "chat", "composer", "connection", "dom", "i18n", "lightbox", "lineage", "stage", "state")
WEB_FILES = {"index.html": "text/html; charset=utf-8", "style.css": "text/css; charset=utf-8"} | {
    f"{module}.js": "text/javascript; charset=utf-8" for module in WEB_MODULES
}
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
# the page loads nothing from elsewhere: its own script and style, drafts from this server, previews as blobs
PAGE_POLICY = "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


def respond(server: ServerContext, ws: ServerConnection, request: Request) -> Response | None:
    if (refused := server.origins.refusal(request.headers)) is not None:  # before anything, the upgrade too
        return _response(403, f"{refused}\n".encode(), "text/plain; charset=utf-8")
    url = urlsplit(request.path)
    path = url.path
    if path == "/ws" or (path == "/installation/ws" and server.venue is not None):
        return None
    if path == "/healthz":
        body = {"status": "ok", "sessions": server.store.session_count(), "live_sessions": len(server.rooms),
                "queue_depth": server.scheduler.depth, "jobs_running": len(server.scheduler.running)}  # fmt: skip
        return _response(200, json.dumps(body).encode(), "application/json")
    if path == "/metrics":
        if not server.config.metrics_public and not _may_read_metrics(server, request):
            return _response(
                401,
                b"/metrics needs Authorization: Bearer with an operator or metrics token [auth.invalid_token]\n",
                "text/plain; charset=utf-8",
            )
        server.metrics.queue_depth.set(server.scheduler.depth)
        server.metrics.jobs_running.set(len(server.scheduler.running))
        return _response(200, server.metrics.render(), "text/plain; version=0.0.4; charset=utf-8")
    if path.startswith("/drafts/"):
        return _draft(server, request, path, parse_qs(url.query))
    if server.venue is not None:  # an event installation's pages and take-home links (studiolo/installation/)
        from studiolo.installation.pages import respond as installation_page

        if (page := installation_page(server.venue, path, parse_qs(url.query))) is not None:
            return page
    name = "index.html" if path == "/" else path.removeprefix("/web/") if path.startswith("/web/") else None
    if name in WEB_FILES and (file := resources.files("studiolo.server").joinpath("web", name)).is_file():
        response = _response(200, file.read_bytes(), WEB_FILES[name])
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response
    return _response(404, b"not found\n", "text/plain; charset=utf-8")


def _draft(server: ServerContext, request: Request, path: str, query: dict[str, list[str]]) -> Response:
    match = DRAFT_PATH.match(path)
    if match is None:
        return _response(
            400, b"a draft is /drafts/<32 hex digits>.png [draft.invalid_id]\n", "text/plain; charset=utf-8"
        )
    draft_id = match.group(1)
    if "sig" in query:  # a signed address: the server gave it to someone who may see this draft
        if not server.authority.draft_url_valid(draft_id, query.get("exp", [""])[0], query["sig"][0]):
            return _response(
                401, b"this image link is wrong or has expired [auth.invalid_link]\n", "text/plain; charset=utf-8"
            )
        image = server.store.images.get(draft_id)
        if image is None:
            return _response(404, b"no such draft [draft.not_found]\n", "text/plain; charset=utf-8")
        response = _response(200, image, "image/png")
        # a draft's bytes never change (its id is their hash): the browser may keep them while the page lives
        del response.headers["Cache-Control"]
        response.headers["Cache-Control"] = "private, max-age=3600, immutable"
        return response
    bearer = request.headers.get("Authorization", "")
    token = bearer.removeprefix("Bearer ").strip() if bearer.startswith("Bearer ") else ""
    if not token:
        return _response(
            401,
            b"a signed link or Authorization: Bearer is needed [auth.invalid_token]\n",
            "text/plain; charset=utf-8",
        )
    if not server.authority.valid(token):
        return _response(401, b"the token is wrong or expired [auth.invalid_token]\n", "text/plain; charset=utf-8")
    sessions = server.store.draft_sessions(draft_id)
    if not server.authority.may_read(token, sessions):
        # the same answer for "no such draft" and "not yours": ids of other sessions' drafts stay secret
        return _response(404, b"no such draft [draft.not_found]\n", "text/plain; charset=utf-8")
    image = server.store.images.get(draft_id) if sessions else None
    if image is None:
        return _response(404, b"no such draft [draft.not_found]\n", "text/plain; charset=utf-8")
    return _response(200, image, "image/png")


def _may_read_metrics(server: ServerContext, request: Request) -> bool:
    bearer = request.headers.get("Authorization", "")
    token = bearer.removeprefix("Bearer ").strip() if bearer.startswith("Bearer ") else ""
    wanted = server.config.metrics_token
    if token and wanted is not None and hmac.compare_digest(token.encode(), wanted.encode()):
        return True
    return server.authority.server_role(token) == "operator"


def _response(status: int, body: bytes, content_type: str) -> Response:
    headers = Headers({"Content-Type": content_type, "Content-Length": str(len(body)), **SECURITY_HEADERS})
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}[status]
    return Response(status, reason, headers, body)
