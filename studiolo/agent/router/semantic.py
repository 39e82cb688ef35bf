"""The offline router: MiniLM embeddings against each skill's example utterances, plus rules from context.

How a turn is scored:
1. Each skill's similarity is the mean cosine of the turn to its `TOP_K` nearest examples of that skill
   (nearest neighbours, not a centroid: a skill is asked for in several distinct ways, "upscale it" and
   "I want to print this on a large canvas", and a centroid blurs them together).
   A Korean turn is compared in English words, by its gloss (gloss.py), with the English examples; one with no
   known word, by its own words, at a higher temperature.
2. The similarities become logits (divided by a temperature) and rules add to them: a skill's cue words,
   an attached image or a current draft (each skill's `image_bonus` and `draft_bonus`), and feedback words
   ("more", "less", "warmer", "add", "remove", ...) when there is something to give feedback on.
3. A softmax gives each skill a probability; the likeliest is the answer, unless
   - it needs an image and there is none: when it is likely all the same, refine with a subject in its words
     becomes imagine ("add stars to a night sky") and the rest ask back ("make it warmer": "There's no draft
     yet..."); when it is a weak guess, the skills possible without an image decide among themselves;
   - its probability is below the threshold: the artist asks which of the two likeliest was meant;
   - it is imagine with nothing to paint ("make a picture"): the artist asks what to paint.
   A decision the rules make keeps the confidence of the skill the turn most resembled.

`source` says what decided: "semantic" when the embeddings alone would have chosen the same skill, "rules"
when context or cue words changed the answer.

What each skill contributes (examples, cue, bonuses, the words it reads, what to ask) is declared by the skill
(`Skill.routing`); the rules here name only refine and imagine, whose feedback words and "a new picture after all"
are about telling the two apart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import numpy as np

from studiolo.agent.router import cues, gloss, questions
from studiolo.agent.router.decision import RouteDecision, Source, check_turn_text
from studiolo.agent.router.skillset import SkillSet
from studiolo.model.protocols import Embedder
from studiolo.skills import words
from studiolo.skills.base import Skill

TOP_K = 3
TEMPERATURE = 0.05  # a cosine gap of 0.05 between two skills is a factor e in their odds
KOREAN_TEMPERATURE = 0.15  # a Korean turn with no gloss: MiniLM barely separates Korean sentences (gloss.py)
CUE_BONUS = 1.5  # logits; a cue word outweighs a small cosine gap but not a clear one
FEEDBACK_BONUS = 1.5  # refine, only with a draft or image to give feedback on
EDIT_BONUS = 1.5  # refine again, when the turn opens with an edit verb (with a draft or image)
DEFAULT_THRESHOLD = 0.4
MIN_SUBJECT_WORDS = 2  # "add stars to a night sky" with no draft is a new picture; "add a moon" asks back
_FUNCTION_WORDS = {
    "a", "an", "the", "to", "in", "on", "of", "at", "with", "some", "it", "this", "that", "and", "bit", "little", "please",
    *gloss.FILLERS,
}  # fmt: skip


class SemanticRouter:
    """Routes a turn offline in 20-30 ms on 2 cores: one sentence embedding (nearly all of it), a matrix product,
    and a few regexes."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        skills: Sequence[Skill] | None = None,
    ) -> None:
        if embedder is None:
            from studiolo.model.embedder import MiniLMEmbedder  # heavy: sentence-transformers and torch

            embedder = MiniLMEmbedder()
        self.embedder = embedder
        self.threshold = threshold
        self.skillset = SkillSet(skills)  # the built-in skills unless told otherwise, then chat
        self.names = self.skillset.names
        targets = self.skillset.targets
        texts = [text for target in targets for text in target.routing.examples]
        labels = np.array([index for index, target in enumerate(targets) for _ in target.routing.examples])
        self._rows = [np.flatnonzero(labels == index) for index in range(len(targets))]  # each skill's examples
        english = np.array([questions.language(text) == "en" for text in texts])
        # each skill's English examples, for a Korean turn's gloss (all of them for a skill with none in English)
        self._english_rows = [rows[english[rows]] if english[rows].any() else rows for rows in self._rows]
        self._vectors = embedder.embed(texts)  # embedded once; each turn then costs one sentence

    def similarities(self, text: str) -> np.ndarray:
        """Per skill (in `names` order), the mean cosine of the turn to that skill's nearest examples."""
        return self._similarities(text)[0]

    def _similarities(self, text: str) -> tuple[np.ndarray, float]:
        """The similarities, and the temperature they count at. A Korean turn is compared by its English gloss with
        the English examples, where MiniLM tells skills apart; one with no gloss, by its own words with all of them."""
        if questions.language(text) == "ko":
            glossed = self.skillset.glossary.english(text)
            if glossed is None:
                return self._nearest(text, self._rows), KOREAN_TEMPERATURE
            return self._nearest(glossed, self._english_rows), TEMPERATURE
        return self._nearest(text, self._rows), TEMPERATURE

    def _nearest(self, text: str, rows_of: list[np.ndarray]) -> np.ndarray:
        sims = self._vectors @ self.embedder.embed([text])[0]
        return np.array([np.sort(sims[rows])[-TOP_K:].mean() for rows in rows_of], dtype=np.float32)

    def probabilities(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> dict[str, float]:
        """Each skill's probability for this turn in this context, before any rule that asks back."""
        probs, _ = self._score(check_turn_text(text), with_draft=with_draft, with_image=with_image)
        return dict(zip(self.names, probs.tolist()))

    def route(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision:
        text = check_turn_text(text)
        has_target = with_draft or with_image
        probs, semantic_best = self._score(text, with_draft=with_draft, with_image=with_image)
        names, skillset = self.names, self.skillset
        order = [names[i] for i in np.argsort(-probs)]
        best, confidence = order[0], float(probs[names.index(order[0])])
        source: Source = "semantic" if best == semantic_best else "rules"

        if skillset.needs_draft(best) and not has_target and confidence >= self.threshold:
            subject = _subject_without_feedback(text)
            if best == "refine" and sum(w.lower() not in _FUNCTION_WORDS for w in subject.split()) >= MIN_SUBJECT_WORDS:
                found = skillset.validated_params("imagine", {"prompt": subject})
                return RouteDecision(skill="imagine", confidence=confidence, params=found, source="rules")
            return _clarify(questions.no_target(text, skillset[best].routing), confidence, "rules")
        possible = [s for s in order if has_target or not skillset.needs_draft(s)]
        if best not in possible:  # a weak guess at work on an image that isn't there: the rest decide
            kept = [names.index(s) for s in possible]
            best, confidence = possible[0], float(probs[kept[0]] / probs[kept].sum())
            source = "rules"
        if confidence < self.threshold:
            question = questions.which_of(text, skillset[possible[0]].routing, skillset[possible[1]].routing)
            return _clarify(question, confidence, "semantic", options=possible[:2])
        found = skillset[best].read(text)
        if best == "imagine" and not found["prompt"]:
            return _clarify(questions.no_subject(text), confidence, source)
        params = skillset.validated_params(best, found)
        return RouteDecision(skill=best, confidence=confidence, params=params, source=source)

    async def aroute(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision:
        # One MiniLM forward, 30-40 ms of CPU on 2 cores: in a worker thread, so the event loop streams other
        # sessions' drafts (and this turn's own words) meanwhile.
        return await asyncio.to_thread(self.route, text, with_draft=with_draft, with_image=with_image)

    def _score(self, text: str, *, with_draft: bool, with_image: bool) -> tuple[np.ndarray, str]:
        """Probabilities per skill, and the skill the embeddings alone would choose."""
        similarities, temperature = self._similarities(text)
        logits = similarities / temperature
        for index, target in enumerate(self.skillset.targets):
            routing = target.routing
            if routing.cue is not None and routing.cue.search(text):  # refine's cue is FEEDBACK, below
                logits[index] += CUE_BONUS
            if with_image:
                logits[index] += routing.image_bonus
            if with_draft:
                logits[index] += routing.draft_bonus
        if (with_draft or with_image) and "refine" in self.names:
            refine = self.names.index("refine")
            logits[refine] += FEEDBACK_BONUS if cues.FEEDBACK.search(text) else 0.0
            logits[refine] += EDIT_BONUS if cues.EDIT.search(text) else 0.0
        exp = np.exp(logits - logits.max())
        return exp / exp.sum(), self.names[int(np.argmax(similarities))]


def _subject_without_feedback(text: str) -> str:
    """What a feedback-like turn names once its feedback words are gone ("add stars to a night sky" ->
    "stars to a night sky"), for deciding whether it can be painted as a new picture."""
    return " ".join(cues.FEEDBACK.sub(" ", words.imagine_prompt(text)).split())


def _clarify(question: str, confidence: float, source: Source, *, options: list[str] | None = None) -> RouteDecision:
    found = {"question": question, **({"options": options} if options else {})}
    return RouteDecision(skill="clarify", confidence=confidence, params=found, source=source)
