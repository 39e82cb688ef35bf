"""A person: whoever holds one token. Quotas and the scheduler's turns count people, not sessions or connections,
so that one token's many sessions get the share of one person.

A person is named by the first 12 hex digits of the SHA-256 of their token (the token itself is never kept). An
invitation names its maker's person, and its holders count as that person: minting invitations does not buy
anyone a second share of the studio or a second set of quotas.
The work a connection starts runs in a Room task whose context carries that name in `ACTING_PERSON`
(hub.Room.start), so the scheduler knows whose job the agent asks it to admit without the agent knowing people.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar

from studiolo.server.auth import Grant

ACTING_PERSON: ContextVar[str | None] = ContextVar("studiolo_acting_person", default=None)


def person_of(token: str, grant: Grant | None = None) -> str:
    """Who holds `token`: the maker of the invitation it is, or else the token's own holder."""
    if grant is not None and grant.person is not None:
        return grant.person
    return hashlib.sha256(token.encode()).hexdigest()[:12]
