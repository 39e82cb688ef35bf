"""`studiolo eval`: how faithfully the artist answers a set of requests, with and without its self-check.

For each request, n drafts are painted and self-checked as a turn would (tries = the self-check's budget; 1 means
the drafts are only measured, never repainted). Three figures per draft, averaged per prompt and overall:

- adherence: the self-check's weighted share of checks passed (colours, background, things, counts, layout);
- coverage: of the things the request names, the share drawn or stood in for;
- honesty: whether the draft's report is complete and true: every thing the request names is listed once as
  drawn, approximated or missing, and every thing listed as drawn or approximated is in view in the picture
  (read from the painter's own record, independently of the check that wrote the report).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from studiolo.drafts import Faithfulness
from studiolo.errors import StudioloError
from studiolo.model.adherence import GENERIC_KINDS, ThingDetector, paint_faithfully
from studiolo.model.protocols import MAX_PROMPT_CHARS, Painter, Painting, PaintSpec
from studiolo.model.request import Request

MAX_PROMPTS = 10_000


class DraftScore(BaseModel):
    seed: int
    adherence: float | None
    coverage: float
    honest: bool
    tries: int
    failed: list[str] = Field(default_factory=list)


class PromptScore(BaseModel):
    prompt: str
    language: str
    drafts: list[DraftScore]
    drawn: list[str]
    approximated: dict[str, str]
    missing: list[str]
    seconds: float

    @property
    def adherence(self) -> float:
        return _mean(d.adherence for d in self.drafts)

    @property
    def coverage(self) -> float:
        return _mean(d.coverage for d in self.drafts)

    @property
    def honesty(self) -> float:
        return _mean(float(d.honest) for d in self.drafts)


class EvalRun(BaseModel):
    """One pass over the prompts with one self-check budget."""

    tries: int
    prompts: list[PromptScore]

    def overall(self) -> dict[str, float]:
        drafts = [d for p in self.prompts for d in p.drafts]
        paint_seconds = sum(p.seconds for p in self.prompts)
        return {
            "adherence": round(_mean(d.adherence for d in drafts), 4),
            "coverage": round(_mean(d.coverage for d in drafts), 4),
            "honesty": round(_mean(float(d.honest) for d in drafts), 4),
            "repainted": round(_mean(float(d.tries > 1) for d in drafts), 4),
            # requests with nothing the painter can draw are answered with a question, not a default picture
            "asked_back": round(_mean(float(not p.drafts) for p in self.prompts), 4),
            "seconds_per_draft": round(paint_seconds / max(1, len(drafts)), 4),
        }


def read_prompts(path: Path) -> list[str]:
    """One request per line; blank lines and lines starting with # are left out."""
    if not path.is_file():
        raise StudioloError("prompts.not_found", f"{path}: no such file", field="prompts")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise StudioloError("prompts.not_utf8", f"{path} is not UTF-8 text", field="prompts") from None
    prompts = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not prompts:
        raise StudioloError(
            "prompts.empty", f"{path} has no prompts (one per line; # starts a comment)", field="prompts"
        )
    if len(prompts) > MAX_PROMPTS:
        raise StudioloError(
            "prompts.too_many", f"{path} has {len(prompts):,} prompts; the limit is {MAX_PROMPTS:,}", field="prompts"
        )
    for number, prompt in enumerate(prompts, start=1):
        if len(prompt) > MAX_PROMPT_CHARS:
            raise StudioloError(
                "prompts.too_long",
                f"prompt {number} has {len(prompt):,} characters; the limit is {MAX_PROMPT_CHARS:,}",
                field="prompts",
            )
    return prompts


def evaluate(painter: Painter, read: Callable[[str], Request], prompts: list[str], *, n: int, tries: int,
             size: int = 512, seed: int = 0, detector: ThingDetector | None = None) -> EvalRun:  # fmt: skip
    scores = []
    for number, prompt in enumerate(prompts):
        request = read(prompt)
        started = time.perf_counter()
        spec = PaintSpec(prompt=request.painter_prompt(), width=size, height=size, seed=seed + 100 * number, n=n)
        checked = (
            paint_faithfully(painter, request, spec, tries=tries, detector=detector) if request.paints_something else []
        )
        seconds = time.perf_counter() - started
        drafts = [_score(request, painting, faith) for painting, faith in checked]
        faiths = [faith for _, faith in checked]
        scores.append(PromptScore(
            prompt=prompt, language=request.language, drafts=drafts, seconds=round(seconds, 4),
            drawn=sorted({w for f in faiths for w in f.drawn}),
            approximated={k: v for f in faiths for k, v in f.approximated.items()},
            missing=sorted({w for f in faiths for w in f.missing} | ({t.word for t in request.missing} if not checked else set())),
        ))  # fmt: skip
    return EvalRun(tries=tries, prompts=scores)


def _score(request: Request, painting: Painting, faith: Faithfulness) -> DraftScore:
    asked = [t.word for t in request.things]
    reported = [*faith.drawn, *faith.approximated, *faith.missing]
    in_view = painting.scene.get("in_view") or {}
    by_word = {t.word: t for t in request.things}
    shown = [w for w in [*faith.drawn, *faith.approximated] if w in by_word]
    truthful = not in_view or all(
        any(k in in_view for k in GENERIC_KINDS.get(str(by_word[w].motif), (by_word[w].motif,))) for w in shown
    )
    covered = len(faith.drawn) + len(faith.approximated)
    return DraftScore(
        seed=painting.seed, adherence=faith.adherence, coverage=covered / len(asked) if asked else 1.0,
        honest=sorted(reported) == sorted(asked) and truthful, tries=faith.tries, failed=[c.name for c in faith.failed],
    )  # fmt: skip


def _mean(values: Iterable[float | None]) -> float:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else 0.0
