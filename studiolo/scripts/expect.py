"""Checking a step's `expect`: each key becomes a Verdict (expected, happened, held).

A step that was refused (an `error` event) fails unless its `expect.error` names that code; a step that expects an
error fails when it was not refused.
"""

from __future__ import annotations

from studiolo.events import CollaborationUpdate, ErrorEvent
from studiolo.scripts.model import Expect, compare
from studiolo.scripts.record import RunRecord, StepRecord, Verdict


def check(expect: Expect | None, step: StepRecord, record: RunRecord, parent_id: str | None) -> list[Verdict]:
    """The verdicts for one finished step; `parent_id` is `expect.parent` resolved before the step ran."""
    expect = expect or Expect.model_validate({})
    verdicts: list[Verdict] = []
    errors = [e for e in step.events if isinstance(e, ErrorEvent)]
    refused = ", ".join(f"{e.code} ({e.message})" for e in errors) or "not refused"
    if expect.error is not None:
        held = any(e.code == expect.error for e in errors)
        verdicts.append(Verdict("error", f"refused with {expect.error}", refused, held))
    elif errors:
        verdicts.append(Verdict("error", "not refused", refused, False))
    if expect.skill is not None:
        skill = step.skill
        verdicts.append(Verdict("skill", expect.skill, skill or "no skill", skill == expect.skill))
    if expect.drafts is not None:
        count = len(step.drafts)
        verdicts.append(Verdict("drafts", f"{expect.drafts} drafts", f"{count} drafts", compare(count, expect.drafts)))
    if expect.parent is not None and parent_id is not None:
        # made from it: directly, or from a draft this step made from it (a pattern's repeat is of its tile)
        number, reached, wrong = record.drafts[parent_id].number, {parent_id}, list[str]()
        for made in step.drafts:
            parents = record.drafts[made].parent_ids
            if reached.intersection(parents):
                reached.add(made)
            else:
                wrong.append(f"#{record.drafts[made].number} from {_names(record, parents)}")
        happened = "; ".join(wrong) if wrong else (f"all from #{number}" if step.drafts else "no drafts made")
        verdicts.append(Verdict("parent", f"drafts made from #{number}", happened, bool(step.drafts) and not wrong))
    reply = step.reply
    for word in expect.reply_contains or []:
        held = word.casefold() in reply.casefold()
        verdicts.append(Verdict("reply_contains", f"the reply says {word!r}", _quote(reply), held))
    for word in expect.reply_lacks or []:
        held = word.casefold() not in reply.casefold()
        verdicts.append(Verdict("reply_lacks", f"the reply does not say {word!r}", _quote(reply), held))
    if expect.adherence is not None:
        scores = [(record.drafts[d].number, record.drafts[d].faithfulness) for d in step.drafts]
        measured = [(n, f.adherence) for n, f in scores if f is not None and f.adherence is not None]
        lowest = min((a for _, a in measured), default=None)
        happened = ", ".join(f"#{n}: {a:.2f}" for n, a in measured) or "no draft was checked"
        held = lowest is not None and compare(lowest, expect.adherence)
        verdicts.append(Verdict("adherence", f"adherence {expect.adherence} for every draft", happened, held))
    if expect.rounds is not None:
        updates = [e for e in step.events if isinstance(e, CollaborationUpdate)]
        if not updates:
            verdicts.append(Verdict("rounds", f"rounds {expect.rounds}", "no collaboration in this step", False))
        else:
            last = updates[-1]
            summary = last.summary or {}
            rounds = summary.get("rounds_to_accept") or summary.get("rounds") or last.state.get("round", 0)
            accepted = " (accepted)" if summary.get("accepted") else ""
            verdicts.append(
                Verdict(
                    "rounds", f"rounds {expect.rounds}", f"{rounds} rounds{accepted}", compare(rounds, expect.rounds)
                )
            )
    return verdicts


def _names(record: RunRecord, ids: list[str]) -> str:
    return ", ".join(f"#{record.drafts[i].number}" if i in record.drafts else i for i in ids) or "nothing"


def _quote(reply: str) -> str:
    reply = " ".join(reply.split())
    return repr(reply if len(reply) <= 160 else reply[:157] + "...")
