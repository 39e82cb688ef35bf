"""What the server writes to its log about things people chose (names, words), made safe to log.

A participant name like "mina\\n2026-01-01 studiolo.server INFO operator root joined" would otherwise forge a
log line, and terminal escapes or right-to-left overrides would rewrite what an operator reads. `shown(value)`
escapes every character that is not printable (line breaks, control characters, format characters such as
U+202E) the way Python writes them in a string (\\n, \\x1b, \\u202e) and cuts long values. Every log call that
carries something a client sent passes it through `shown`.
"""

from __future__ import annotations

LIMIT = 120


def shown(value: object, limit: int = LIMIT) -> str:
    text = str(value)
    cut = text[:limit]
    safe = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in cut)
    return safe + ("..." if len(text) > limit else "")
