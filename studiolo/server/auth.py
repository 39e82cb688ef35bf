"""Who may do what: tokens, roles, and signed per-session invitations.

Two kinds of token:
- server tokens, from the settings or `--token ROLE:TOKEN`, good for any session (an operator's token opens every
  session, a designer's starts new ones and joins any by id);
- invitations, made by a designer or operator for one session and one role:
  `inv1.<base64url JSON {s: session, r: role, e: expiry}>.<base64url HMAC-SHA256>`, signed with the server's
  secret (kept in the data folder, so invitations survive a restart).

A token grants its role and every role below it: operator > designer > observer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from studiolo.agent.session import Role
from studiolo.errors import StudioloError

RANK: dict[Role, int] = {"observer": 0, "designer": 1, "operator": 2}
INVITATION_PREFIX = "inv1"


@dataclass(frozen=True)
class Grant:
    role: Role
    session: str | None  # the one session an invitation opens; None: any


def parse_token_option(value: str) -> tuple[Role, str]:
    """`ROLE:TOKEN` from the command line."""
    role, sep, token = value.partition(":")
    if not sep or role not in RANK or len(token) < 8:
        raise StudioloError(
            "settings.invalid",
            f"--token takes ROLE:TOKEN with a role of {', '.join(RANK)} and a token of 8+ characters, not {value!r}",
            field="token",
        )
    return role, token


def load_secret(data: Path) -> bytes:
    """The server's signing secret, made once and kept (owner-only) in the data folder."""
    path = data / "secret"
    if not path.is_file():
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


class Authority:
    def __init__(self, tokens: dict[str, Role], secret: bytes) -> None:
        self.tokens = dict(tokens)
        self.secret = secret

    def check(self, token: str, role: Role, session: str | None) -> Grant:
        """The grant for joining `session` (None: a new one) as `role` with `token`, or StudioloError."""
        grant = self._grant(token)
        if grant is None:
            raise StudioloError("auth.invalid_token", "the token is missing, wrong or expired", field="token")
        if RANK[role] > RANK[grant.role]:
            raise StudioloError(
                "auth.role_forbidden", f"this token allows joining as {grant.role}, not {role}", field="role"
            )
        if grant.session is not None and session != grant.session:
            raise StudioloError("auth.wrong_session", "this invitation is for another session", field="session")
        return Grant(role=role, session=grant.session)

    def valid(self, token: str) -> bool:
        return self._grant(token) is not None

    def may_read(self, token: str, session_ids: set[str]) -> bool:
        """Whether `token` may see drafts of any of these sessions (for /drafts/{id}.png)."""
        grant = self._grant(token)
        return grant is not None and (grant.session is None or grant.session in session_ids)

    def invite(self, session: str, role: Role, ttl_s: int) -> tuple[str, float]:
        expires = time.time() + ttl_s
        claims = _b64(json.dumps({"s": session, "r": role, "e": int(expires)}, separators=(",", ":")).encode())
        return f"{INVITATION_PREFIX}.{claims}.{self._sign(claims)}", expires

    def _grant(self, token: str) -> Grant | None:
        if not token:
            return None
        for known, role in self.tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return Grant(role=role, session=None)
        prefix, _, rest = token.partition(".")
        claims, _, signature = rest.partition(".")
        if prefix != INVITATION_PREFIX or not hmac.compare_digest(self._sign(claims), signature):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("r") not in RANK or data.get("e", 0) < time.time():
            return None
        return Grant(role=data["r"], session=str(data.get("s")))

    def _sign(self, claims: str) -> str:
        return _b64(hmac.new(self.secret, claims.encode(), hashlib.sha256).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
