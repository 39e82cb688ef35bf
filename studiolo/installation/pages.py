"""The installation's plain HTTP: its three pages, their scripts and style, and the take-home share pages.

GET /kiosk?token=   the kiosk page (the token is read by the page's script and sent in the websocket's hello)
GET /wall?token=    the wall
GET /console        the operator's console (asks for the operator's token)
GET /installation/{file}   the pages' scripts and style (studiolo/installation/web/)
GET /share/{code}          a take-home page: just that picture and a download button
GET /share/{code}.png      the picture (?download=1: as an attachment)
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from websockets.datastructures import Headers
from websockets.http11 import Response

from studiolo.installation.share import CODE, SHARE_PATH, share_page

if TYPE_CHECKING:
    from studiolo.installation.venue import Venue

PAGES = {"/kiosk": "kiosk.html", "/wall": "wall.html", "/console": "console.html"}
FILES = {
    "kiosk.html": "text/html; charset=utf-8", "wall.html": "text/html; charset=utf-8",
    "console.html": "text/html; charset=utf-8", "installation.css": "text/css; charset=utf-8",
    "share.css": "text/css; charset=utf-8", "kiosk.js": "text/javascript; charset=utf-8",
    "wall.js": "text/javascript; charset=utf-8", "console.js": "text/javascript; charset=utf-8",
    "socket.js": "text/javascript; charset=utf-8",
}  # fmt: skip
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
POLICY = "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
SOCKET_PATH = "/installation/ws"


def respond(venue: Venue, path: str, query: dict[str, list[str]]) -> Response | None:
    """The answer for an installation path; None: not one of the installation's."""
    name = PAGES.get(path) or (path.removeprefix("/installation/") if path.startswith("/installation/") else None)
    if name is not None:
        if name not in FILES:
            return _response(404, b"not found\n", "text/plain; charset=utf-8")
        body = resources.files("studiolo.installation").joinpath("web", name).read_bytes()
        return _response(200, body, FILES[name])
    if path.startswith("/share/"):
        return _share(venue, path, query)
    return None


def _share(venue: Venue, path: str, query: dict[str, list[str]]) -> Response:
    """The same 404 for a wrong, unknown or expired code: a code reveals nothing but its own picture."""
    match = SHARE_PATH.match(path)
    work = venue.ledger.by_code(match.group(1)) if match and CODE.match(match.group(1)) else None
    image = venue.server.store.images.get(work.draft_id) if work is not None else None
    if work is None or image is None or match is None:
        return _response(404, b"this picture is no longer here [share.not_found]\n", "text/plain; charset=utf-8")
    if not match.group(2):
        return _response(200, share_page(work.code, work.caption, venue.show.name), "text/html; charset=utf-8")
    response = _response(200, image, "image/png")
    if query.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="studiolo-{work.code[:8]}.png"'
    return response


def _response(status: int, body: bytes, content_type: str) -> Response:
    headers = Headers({"Content-Type": content_type, "Content-Length": str(len(body)), **HEADERS})
    if content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = POLICY
    return Response(status, {200: "OK", 404: "Not Found"}[status], headers, body)
