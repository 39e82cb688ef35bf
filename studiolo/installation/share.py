"""Take-home pictures: an unguessable share code per picked picture, its QR code, and the small page it opens.

`/share/{code}` shows just that picture and a download button; `/share/{code}.png` is the picture. A code reaches
exactly one picture and nothing else, and stops working when the work expires (retention.picked_days).
"""

from __future__ import annotations

import html
import io
import re
import secrets

import segno

CODE = re.compile(r"^[A-Za-z0-9_-]{22}$")  # 16 random bytes, base64url: 128 bits, not guessable
SHARE_PATH = re.compile(r"^/share/([A-Za-z0-9_-]{1,64})(\.png)?$")


def new_code() -> str:
    return secrets.token_urlsafe(16)


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG document (dark modules on white, with its quiet zone)."""
    out = io.BytesIO()  # a whole SVG document, with its namespace: it is shown as an <img>
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=4, dark="#000", light="#fff", xmldecl=False)
    return out.getvalue().decode()


def share_page(code: str, caption: str, title: str) -> bytes:
    picture = f"/share/{code}.png"
    text = html.escape(caption)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><link rel="stylesheet" href="/installation/share.css"></head>
<body><main>
<img id="picture" src="{picture}" alt="{text or "your picture"}">
<p>{text}</p>
<a id="download" class="button" href="{picture}?download=1" download="studiolo-{code[:8]}.png">Download · 내려받기</a>
</main></body></html>
""".encode()
