"""Draft references in scripts: "#N" (the session's Nth draft, as the artist numbers them), "latest", "picked"
(the draft picked last) or a draft's id. Resolved when the step runs, against what the session has made so far."""

from __future__ import annotations

from studiolo.errors import StudioloError
from studiolo.scripts.record import RunRecord


def resolve(ref: str, record: RunRecord, where: str) -> str:
    """The id of the draft `ref` names, or StudioloError("script.unknown_draft") saying what the session has."""
    drafts = record.drafts
    have = f"the session has {len(drafts)} draft{'s' * (len(drafts) != 1)} so far"
    if ref == "latest":
        if not drafts:
            raise StudioloError("script.unknown_draft", f"{where}: 'latest' names no draft: {have}", field="draft")
        return record.order[-1]
    if ref == "picked":
        if record.picked is None:
            raise StudioloError(
                "script.unknown_draft", f"{where}: 'picked' names no draft: none has been picked yet", field="draft"
            )
        return record.picked
    if ref.startswith("#"):
        number = int(ref[1:])
        for entry in drafts.values():
            if entry.number == number:
                return entry.id
        raise StudioloError("script.unknown_draft", f"{where}: there is no draft {ref} yet: {have}", field="draft")
    if ref not in drafts:
        raise StudioloError("script.unknown_draft", f"{where}: there is no draft {ref} yet: {have}", field="draft")
    return ref
