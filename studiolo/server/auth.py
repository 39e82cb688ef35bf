"""Who may do what: tokens, roles, and signed per-session invitations.

Two kinds of token:
- server tokens, from the settings or `--token ROLE:TOKEN`, good for any session (an operator's token opens every
  session, a designer's starts new ones and joins any by id);
- invitations, made by a designer or operator for one session and one role:
  `inv1.<base64url JSON {s: session, r: role, e: expiry, i: id}>.<base64url HMAC-SHA256>`, signed with the
  server's secret (kept in the data folder, so invitations survive a restart). One made by someone who joined
  with an invitation expires no later than theirs, so an invitee cannot extend their own access. Operators
  revoke invitations by id (the store keeps the revoked ids, so a revocation survives a restart); a revoked
  invitation is refused with `auth.revoked`.

Draft images are fetched by short-lived signed addresses, `/drafts/{id}.png?exp=<unix>&sig=<base64url HMAC>`
(`draft_url`, `draft_url_valid`), and print files the same way (`signed_query` over the print's parameters), so
no token ever sits in an image URL, where a proxy's access log keeps it.

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
from studiolo.server.private import write_private

RANK: dict[Role, int] = {"observer": 0, "designer": 1, "operator": 2}
INVITATION_PREFIX = "inv1"
DRAFT_URL_TTL_S = 3600  # a page signs its images afresh with every welcome (each connect or resume)


@dataclass(frozen=True)
class Grant:
    role: Role
    session: str | None  # the one session an invitation opens; None: any
    expires: float | None = None  # an invitation's expiry; None: a server token
    invitation: str | None = None  # an invitation's id (None: a server token, or an invitation made before ids)
    person: str | None = None  # an invitation's maker (person.person_of): its holders' work counts as theirs


@dataclass(frozen=True)
class Minted:
    token: str
    id: str
    expires: float


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
        write_private(path, secrets.token_bytes(32))
    return path.read_bytes()


class Authority:
    def __init__(self, tokens: dict[str, Role], secret: bytes, *, revoked: set[str] | None = None) -> None:
        self.tokens = dict(tokens)
        self.secret = secret
        self.revoked = set(revoked or ())  # ids of revoked invitations

    def check(self, token: str, role: Role | None, session: str | None) -> Grant:
        """The grant for joining `session` (None: a new one) as `role` with `token`, or StudioloError.
        No role: the one the token grants (an invitation opens in its own role); a new session is a designer's."""
        grant = self._parse(token)
        if grant is None:
            raise StudioloError("auth.invalid_token", "the token is missing, wrong or expired", field="token")
        if grant.invitation in self.revoked:
            raise StudioloError("auth.revoked", "this invitation was revoked by an operator", field="token")
        if role is None:
            role = grant.role if session is not None else "designer"
        if RANK[role] > RANK[grant.role]:
            raise StudioloError(
                "auth.role_forbidden", f"this token allows joining as {grant.role}, not {role}", field="role"
            )
        if grant.session is not None and session != grant.session:
            raise StudioloError("auth.wrong_session", "this invitation is for another session", field="session")
        return Grant(
            role=role, session=grant.session, expires=grant.expires, invitation=grant.invitation, person=grant.person
        )

    def server_role(self, token: str) -> Role | None:
        """The role of a server token (good for every session); None for an invitation or a wrong token."""
        grant = self._grant(token)
        return grant.role if grant is not None and grant.session is None else None

    def valid(self, token: str) -> bool:
        return self._grant(token) is not None

    def may_read(self, token: str, session_ids: set[str]) -> bool:
        """Whether `token` may see drafts of any of these sessions (for /drafts/{id}.png)."""
        grant = self._grant(token)
        return grant is not None and (grant.session is None or grant.session in session_ids)

    def invite(
        self, session: str, role: Role, ttl_s: int, *, not_after: float | None = None, person: str | None = None
    ) -> Minted:
        """A signed invitation for `session` in `role`, valid `ttl_s` seconds but never beyond `not_after` (the
        expiry of the invitation its maker joined with)."""
        expires = int(min(time.time() + ttl_s, not_after if not_after is not None else float("inf")))
        invitation = secrets.token_hex(8)
        claims: dict[str, object] = {"s": session, "r": role, "e": expires, "i": invitation}
        if person is not None:
            claims["p"] = person
        encoded = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return Minted(f"{INVITATION_PREFIX}.{encoded}.{self._sign(encoded)}", invitation, float(expires))

    def revoke(self, invitations: list[str]) -> None:
        self.revoked.update(invitations)

    def draft_url(self, draft_id: str, ttl_s: int = DRAFT_URL_TTL_S) -> str:
        """The address of a draft's image for whoever was sent it: good without a token until it expires."""
        return f"/drafts/{draft_id}.png?{self.signed_query(f'draft:{draft_id}', ttl_s)}"

    def draft_url_valid(self, draft_id: str, expires: str, signature: str) -> bool:
        """Whether `exp` and `sig` are this server's signature of this draft, not yet expired."""
        return self.signed_query_valid(f"draft:{draft_id}", expires, signature)

    def signed_query(self, what: str, ttl_s: int) -> str:
        """`exp=<unix time>&sig=<base64url HMAC>`: this server's word that `what` (a draft's image, a print of it
        with its parameters) may be fetched by whoever holds the address, until it expires."""
        expires = int(time.time()) + ttl_s
        return f"exp={expires}&sig={self._sign(_link_claims(what, expires))}"

    def signed_query_valid(self, what: str, expires: str, signature: str) -> bool:
        """Whether `exp` and `sig` are this server's signature of `what`, not yet expired."""
        if not (expires.isascii() and expires.isdigit() and len(expires) <= 12) or int(expires) < time.time():
            return False
        if not signature.isascii():  # compare_digest refuses to compare other strings (a TypeError, not a "no")
            return False
        return hmac.compare_digest(self._sign(_link_claims(what, int(expires))), signature)

    def _grant(self, token: str) -> Grant | None:
        """The token's grant if it is good now (a revoked invitation is not)."""
        grant = self._parse(token)
        return None if grant is None or grant.invitation in self.revoked else grant

    def _parse(self, token: str) -> Grant | None:
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
        invitation = str(data["i"]) if "i" in data else None
        person = str(data["p"]) if "p" in data else None
        return Grant(
            role=data["r"], session=str(data.get("s")), expires=float(data["e"]), invitation=invitation, person=person
        )

    def _sign(self, claims: str) -> str:
        return _b64(hmac.new(self.secret, claims.encode(), hashlib.sha256).digest())


def _link_claims(what: str, expires: int) -> str:
    # ':' never occurs in an invitation's base64url claims, so neither signature can stand for the other; `what`
    # starts with its kind (draft:, print:), so an image's signature never opens a print
    return f"{what}:{expires}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
