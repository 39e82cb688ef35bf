// The drafts pane: jobs in progress, live previews, and a card per finished draft. A card keeps Pick and Refine at
// hand, a download and the rest in a labelled menu (a pattern's also: on a garment, colourways, download for print,
// garments.js; a print's: that print again); clicking the picture enlarges it (lightbox.js). New drafts are brought into view and marked new
// until looked at; a mock-up or colourway says what it was made with.

import { speakerEl } from "./chat.js";
import { send } from "./connection.js";
import { $, h, menu } from "./dom.js";
import { openGarmentAction, paramsSummary } from "./garments.js";
import { setWords, t } from "./i18n.js";
import { openLightbox } from "./lightbox.js";
import { renderLineage } from "./lineage.js";
import { restage, stageFinal, stagePreview } from "./stage.js";
import { label, S } from "./state.js";

const KEEP_PREVIEW_URLS = 48; // blob URLs of previews kept alive (cards and the stage may still show them)
const LONG_PROMPT = 60; // characters: a longer prompt is cut to two lines, the whole of it on demand
const RATINGS = [[2, "rate_love"], [1, "rate_like"], [0, "rate_neutral"], [-1, "rate_dislike"], [-2, "rate_hate"]];

const board = $("board");
const jobsList = $("jobs");
const empty = $("board-empty");
const previewUrls = [];
const newListeners = [];

export function clearBoard() {
  for (const draft of S.drafts.values()) if (draft.src.startsWith("blob:")) URL.revokeObjectURL(draft.src);
  S.drafts.clear();
  S.order = [];
  S.jobs.clear();
  S.previews.clear();
  S.settled.clear();
  board.replaceChildren();
}

/** Called when the count of drafts marked new changes (the phone's Drafts tab shows it). */
export function onNewCount(listener) {
  newListeners.push(listener);
}

function newCountChanged() {
  const count = [...S.drafts.values()].filter((d) => d.isNew).length;
  for (const listener of newListeners) listener(count);
}

// ---------------------------------------------------------------------------------------------- finals

export function addDraft(d, { before = null, isNew = false } = {}) {
  const draft = { id: d.id, number: d.number, parent_ids: d.parent_ids || [], job_id: d.job_id, skill: d.skill || "",
                  prompt: d.prompt || "", seed: d.seed, width: d.width, height: d.height, faithfulness: d.faithfulness ?? null,
                  params: d.params || {}, pattern: Boolean(d.pattern), feedback: [...(d.feedback || [])], src: d.src, card: null, isNew };  // fmt: skip
  draft.card = draftCard(draft);
  S.drafts.set(draft.id, draft);
  S.order.push(draft.id);
  // finals keep creation order, before any preview still painting
  board.insertBefore(draft.card, before || board.querySelector(".card.preview"));
  renderFeedback(draft);
  if (isNew) newCountChanged();
  return draft;
}

/** A welcome signs every draft's image address afresh: drafts shown from an address take the new one. */
export function resign(drafts) {
  for (const d of drafts) {
    const draft = S.drafts.get(d.id);
    if (draft && d.url && !draft.src.startsWith("blob:")) setSrc(draft, d.url);
  }
}

function setSrc(draft, src) {
  draft.src = src;
  for (const img of document.querySelectorAll(`img[data-draft="${draft.id}"]`)) img.src = src; // card, chat, lineage
  draft.card.querySelector("[data-testid=download-link]").href = src;
  if (S.stage?.id === draft.id) stageFinal(draft.id);
}

export function onFinal(event, bytes) {
  if (S.drafts.has(event.draft_id)) return; // the same picture again: the lineage does not change
  // the preview this final ends: same job and seed, else the job's first one still painting
  const previews = [...S.previews.entries()].filter(([, p]) => p.job_id === event.job_id).sort((a, b) => a[1].index - b[1].index);
  const match = previews.find(([, p]) => p.seed === event.seed) || previews[0];
  let place = null;
  if (match) {
    S.settled.add(match[0]);
    place = match[1].card;
  }
  const entry = S.jobs.get(event.job_id);
  const skill = event.skill || entry?.skill || ""; // finals name their skill; the job's routing is a fallback
  const src = URL.createObjectURL(new Blob([bytes], { type: event.mime || "image/png" }));
  const draft = addDraft({ id: event.draft_id, number: S.order.length + 1, parent_ids: event.parent_ids || [], job_id: event.job_id,
                           skill, prompt: event.prompt, seed: event.seed, width: event.width, height: event.height,
                           faithfulness: event.faithfulness, params: event.params, pattern: event.pattern, feedback: [], src },
                         { before: place, isNew: true });  // fmt: skip
  if (match) dropPreview(match[0]);
  S.cursor = event.draft_id; // a new draft becomes the one being worked on
  refreshAll();
  stageFinal(event.draft_id);
  bringIntoView(draft.card);
}

function bringIntoView(card) {
  const box = card.getBoundingClientRect();
  const view = board.parentElement.getBoundingClientRect(); // the pane that scrolls
  if (box.top < view.top || box.bottom > view.bottom) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function seen(draft) {
  if (!draft.isNew) return;
  draft.isNew = false;
  draft.card.dataset.new = "false";
  newCountChanged();
}

function draftCard(draft) {
  const id = draft.id;
  const n = `#${draft.number}`;
  const change = h("input", { type: "text", maxlength: 1900, "data-testid": "comment-input", vars: { n },
                              i18nAttrs: { "aria-label": "comment_label", placeholder: "comment_placeholder" } });
  const refine = () => {
    const text = change.value.trim();
    if (send({ type: "say", text: text ? t("say_refine_with", { text }) : t("say_refine"), attachments: [id] })) change.value = "";
  };
  const comment = () => {
    const text = change.value.trim();
    if (!text) return change.focus();
    if (send({ type: "feedback", draft_id: id, text })) change.value = "";
  };
  const item = (testid, key, onclick, attrs = {}) => h("li", { role: "none" },
    h("button", { type: "button", role: "menuitem", "data-testid": testid, i18n: key, onclick, ...attrs }));
  const moreButton = h("button", { type: "button", class: "icon more", "data-testid": "card-menu-button", vars: { n },
                                   i18nAttrs: { "aria-label": "more_label", title: "more" } }, "⋯");
  const moreList = h("ul", { class: "menu", role: "menu", "data-testid": "card-menu", vars: { n }, i18nAttrs: { "aria-label": "menu_label" } },
    RATINGS.map(([rating, key]) => item(`rate-${rating}`, key, () => send({ type: "feedback", draft_id: id, rating }),
                                        { class: "designer-only", "data-rating": rating })),
    h("li", { role: "separator", class: "designer-only" }),
    item("branch-button", "branch", () => send({ type: "branch", draft_id: id }), { class: "designer-only" }),
    item("describe-button", "describe", () => send({ type: "say", text: t("say_describe"), attachments: [id] }), { class: "designer-only" }),
    item("comment-button", "comment", comment, { class: "designer-only" }),
    // a pattern goes on to garments: worn, recoloured, printed (garments.js)
    draft.pattern ? [
      h("li", { role: "separator", class: "designer-only" }),
      item("garment-button", "on_garment", () => openGarmentAction("wear", id, moreButton), { class: "designer-only", i18nAttrs: { title: "on_garment_title" } }),
      item("colourways-button", "colourways", () => openGarmentAction("colourways", id, moreButton),
           { class: "designer-only", i18nAttrs: { title: "colourways_title" } }),
      item("print-button", "print", () => openGarmentAction("print", id, moreButton), { class: "designer-only", i18nAttrs: { title: "print_title" } }),
    ] : null,
    // a print's preview: that print again, its pattern's form filled with its parameters
    draft.skill === "print" && S.drafts.has(draft.params.source) ? [
      h("li", { role: "separator", class: "designer-only" }),
      item("print-again-button", "print", () => openGarmentAction("print", draft.params.source, moreButton, draft.params),
           { class: "designer-only", i18nAttrs: { title: "print_title" } }),
    ] : null,
    h("li", { role: "separator", class: "designer-only" }),
    item("enlarge-button", "enlarge", () => openLightbox(id)),
    item("compare-button", "compare", () => openLightbox(id, { compare: true })));
  menu(moreButton, moreList);
  const long = draft.prompt.length > LONG_PROMPT;
  const prompt = h("p", { class: "prompt", "data-testid": "draft-prompt", id: `prompt-${id}`, "data-expanded": "false", text: draft.prompt });
  const promptToggle = long ? h("button", { type: "button", class: "link", "data-testid": "prompt-toggle", "aria-expanded": "false",
                                            "aria-controls": `prompt-${id}`, i18n: "prompt_more", onclick: () => {
    const open = prompt.dataset.expanded !== "true";
    prompt.dataset.expanded = String(open);
    promptToggle.setAttribute("aria-expanded", String(open));
    setWords(promptToggle, open ? "prompt_less" : "prompt_more");
  } }) : null;
  const parents = draft.parent_ids.length
    ? h("p", { class: "parents", "data-testid": "draft-parents" }, h("span", { i18n: "from" }), draft.parent_ids.map((p, i) => [i ? ", " : "", draftLink(p)]))
    : null;
  const card = h("article", { class: "card final", "data-testid": "draft-card", "data-draft-id": id, "data-number": draft.number,
                              "data-job-id": draft.job_id || "", "data-parent-ids": draft.parent_ids.join(" "), "data-new": String(draft.isNew),
                              tabindex: -1, i18nAttrs: { "aria-label": "draft" }, vars: { n } },
    h("button", { type: "button", class: "open", "data-testid": "open-button", vars: { n }, i18nAttrs: { "aria-label": "open_label", title: "enlarge" },
                  onclick: () => openLightbox(id) },
      h("img", { src: draft.src, "data-draft": id, "data-testid": "draft-image", i18nAttrs: { alt: "draft_alt" }, vars: { n, prompt: draft.prompt } })),
    h("div", { class: "caption" },
      h("span", { class: "number", "data-testid": "draft-number" }, n),
      draft.skill ? h("span", { class: "badge skill", "data-testid": "draft-skill" }, draft.skill) : null,
      adherenceBadge(draft.faithfulness),
      h("span", { class: "badge new", "data-testid": "new-badge", i18n: "new_badge" }),
      h("span", { class: "badge cursor-badge", "data-testid": "cursor-badge", i18n: "current" }),
      h("span", { class: "badge picked", "data-testid": "picked-badge", hidden: true, i18n: "picked_badge" }),
      h("span", { class: "badge rating", "data-testid": "rating-badge", hidden: true })),
    prompt, promptToggle,
    faithfulnessLine(draft.faithfulness),
    paramsLine(draft),
    parents,
    h("p", { class: "description", "data-testid": "description", hidden: true }),
    h("ul", { class: "comments", "data-testid": "comments" }),
    h("form", { class: "refine-row designer-only", onsubmit: (e) => { e.preventDefault(); refine(); } }, change),
    h("div", { class: "actions" },
      // picking a draft is what selects it: the next request works from the draft picked
      h("button", { type: "button", class: "designer-only", "data-testid": "pick-button", "aria-pressed": "false", i18nAttrs: { title: "pick_title" },
                    onclick: () => send({ type: "feedback", draft_id: id, pick: true }) }),
      h("button", { type: "button", class: "designer-only primary", "data-testid": "refine-button", i18n: "refine", i18nAttrs: { title: "refine_title" },
                    onclick: refine }),
      h("span", { class: "end" },
        h("a", { class: "button icon", href: draft.src, download: `studiolo-${draft.number}-${id.slice(0, 8)}.png`, "data-testid": "download-link",
                 vars: { n }, i18nAttrs: { "aria-label": "download_label", title: "download" } }, "⤓"),
        h("span", { class: "menu-anchor" }, moreButton, moreList))));
  for (const type of ["pointerenter", "focusin", "click"]) card.addEventListener(type, () => seen(draft));
  return card;
}

/** A link to a draft (its number; with `thumb`, its picture): shows it on the board. */
export function draftLink(id, { thumb = false } = {}) {
  const draft = S.drafts.get(id);
  const content = thumb && draft ? h("img", { class: "thumb", src: draft.src, "data-draft": id, alt: label(id) }) : label(id);
  return h("a", { href: `#draft-${id}`, class: thumb ? "thumb-link" : null, "data-draft-link": id,
                  onclick: (e) => { e.preventDefault(); focusDraft(id); } }, content);
}

/** What a draft drew instead of what was asked, and what it left out: "koi → fish · missing: xylophone". */
function faithfulnessLine(faithfulness) {
  if (!faithfulness) return null;
  const parts = [];
  const standIns = Object.entries(faithfulness.approximated || {}).map(([word, drawn]) => `${word} → ${drawn}`).join(", ");
  if (standIns) parts.push(h("span", { class: "approximated", "data-testid": "draft-approximated" }, standIns));
  if (faithfulness.missing?.length) {
    parts.push(h("span", { class: "missing", "data-testid": "draft-missing", i18n: "missing", vars: { things: faithfulness.missing.join(", ") } }));
  }
  return parts.length ? h("p", { class: "faithfulness", "data-testid": "draft-faithfulness" }, parts.map((part, i) => [i ? " · " : "", part])) : null;
}

/** What a mock-up or colourway was made with, and a colourway's colours as swatches. */
function paramsLine(draft) {
  const summary = paramsSummary(draft);
  if (summary === null) return null;
  const colours = draft.skill === "colourways" && Array.isArray(draft.params.colours) ? draft.params.colours : [];
  const swatches = colours.map((colour) => {
    const swatch = h("span", { class: "swatch", "data-colour": colour });
    swatch.style.background = colour; // through the CSSOM: the page's policy allows no style attributes
    return swatch;
  });
  return h("p", { class: "params", "data-testid": "draft-params", title: colours.join(" ") || null },
    h("span", { class: "summary", "data-testid": "draft-params-summary" }, summary),
    swatches.length ? h("span", { class: "swatches", "aria-hidden": "true" }, swatches) : null);
}

/** How much of what was asked the self-check found (92%), the checks it failed in its title. */
function adherenceBadge(faithfulness) {
  const adherence = faithfulness?.adherence;
  if (adherence === null || adherence === undefined) return null;
  const failed = (faithfulness.checks || []).filter((c) => !c.passed).map((c) => (c.wanted ? `${c.name} (${c.wanted})` : c.name));
  const percent = Math.round(adherence * 100);
  return h("span", { class: "badge adherence", "data-testid": "adherence-badge", "data-low": String(adherence < 0.7), tabindex: 0,
                     i18nAttrs: { title: failed.length ? "checks_failed" : "checks_passed" }, vars: { percent, checks: failed.join(", ") } },
    `${percent}%`);
}

export function focusDraft(id) {
  const draft = S.drafts.get(id);
  if (!draft) return;
  document.body.dataset.tab = "drafts"; // on a phone, the drafts' tab
  draft.card.scrollIntoView({ block: "nearest", behavior: "smooth" });
  draft.card.focus({ preventScroll: true });
}

export function renderFeedback(draft) {
  const card = draft.card;
  const picked = draft.feedback.some((f) => f.pick);
  card.dataset.picked = String(picked);
  card.querySelector("[data-testid=picked-badge]").hidden = !picked;
  const pick = card.querySelector("[data-testid=pick-button]");
  pick.setAttribute("aria-pressed", String(picked));
  setWords(pick, picked ? "picked" : "pick");
  const rated = draft.feedback.filter((f) => f.rating !== null && f.rating !== undefined).at(-1);
  const badge = card.querySelector("[data-testid=rating-badge]");
  badge.hidden = !rated;
  if (rated) {
    setWords(badge, "rated", { rating: `${rated.rating > 0 ? "+" : ""}${rated.rating}` });
    card.dataset.rating = String(rated.rating);
  }
  for (const item of card.querySelectorAll("[data-rating]")) {
    item.classList.toggle("chosen", rated !== undefined && Number(item.dataset.rating) === rated.rating);
  }
  card.querySelector(".comments").replaceChildren(...draft.feedback.filter((f) => f.text).map((f) =>
    h("li", { "data-testid": "comment" }, h("q", {}, f.text), f.by ? [" ", speakerEl(f.by, { class: "by" })] : null)));
}

export function showDescription(event) {
  const draft = S.drafts.get(event.draft_id);
  if (!draft) return;
  const p = draft.card.querySelector(".description");
  p.textContent = event.text;
  p.hidden = false;
}

// ---------------------------------------------------------------------------------------------- previews

export function onPreview(event, bytes) {
  if (S.settled.has(event.job_id) || S.settled.has(event.draft_id)) return;
  const url = URL.createObjectURL(new Blob([bytes], { type: event.mime || "image/webp" }));
  keepPreviewUrl(url);
  let preview = S.previews.get(event.draft_id);
  if (!preview) {
    const index = Number(event.draft_id.split(".").pop());
    preview = { job_id: event.job_id, index, seed: event.seed, prompt: event.prompt, card: null };
    preview.card = previewCard(event.draft_id, preview, url);
    const first = ![...S.previews.values()].some((p) => p.job_id === event.job_id);
    S.previews.set(event.draft_id, preview);
    insertPreviewCard(preview);
    if (first) bringIntoView(preview.card); // a job's first picture: where the eye should go
    if (!S.jobs.has(event.job_id)) { job(event.job_id); renderJobs(); }
  }
  preview.step = event.step;
  preview.total = event.total;
  preview.url = url;
  preview.card.querySelector("img").src = url;
  const progress = preview.card.querySelector("progress");
  progress.max = event.total;
  progress.value = event.step;
  setWords(preview.card.querySelector(".steps"), "steps", { step: event.step, total: event.total });
  stagePreview(event.draft_id, preview);
  updateEmpty();
}

function keepPreviewUrl(url) {
  previewUrls.push(url);
  while (previewUrls.length > KEEP_PREVIEW_URLS) URL.revokeObjectURL(previewUrls.shift());
}

function previewCard(id, preview, url) {
  const index = id.split(".").pop();
  return h("article", { class: "card preview", "data-testid": "preview-card", "data-preview-id": id, "data-job-id": preview.job_id,
                        i18nAttrs: { "aria-label": "preview_label" }, vars: { index } },
    h("div", { class: "open" },
      h("img", { src: url, "data-testid": "preview-image", i18nAttrs: { alt: "preview_alt" }, vars: { prompt: preview.prompt } })),
    h("div", { class: "caption" },
      h("span", { class: "badge live", i18n: "painting" }),
      h("progress", { max: 1, value: 0, "data-testid": "preview-progress", i18nAttrs: { "aria-label": "preview_label" }, vars: { index } }),
      h("span", { class: "steps" })),
    h("p", { class: "prompt", text: preview.prompt }),
    h("div", { class: "actions designer-only" },
      h("button", { type: "button", "data-testid": "cancel-draft-button", i18n: "cancel_draft", onclick: () => send({ type: "cancel", draft_id: id }) })));
}

function insertPreviewCard(preview) {
  // previews sit after the finals, ordered by job and index
  const after = [...board.querySelectorAll(".card.preview")].find((card) => {
    const other = S.previews.get(card.dataset.previewId);
    return other && (other.job_id > preview.job_id || (other.job_id === preview.job_id && other.index > preview.index));
  });
  board.insertBefore(preview.card, after || null);
}

export function dropPreview(id) {
  const preview = S.previews.get(id);
  if (!preview) return;
  S.previews.delete(id);
  preview.card.remove();
}

// ---------------------------------------------------------------------------------------------- jobs

export function job(id) {
  if (!S.jobs.has(id)) S.jobs.set(id, { status: "running", position: 0, skill: null });
  return S.jobs.get(id);
}

export function jobLabel(id, entry) {
  return entry?.skill ? t("job", { skill: entry.skill, n: id.split("-job")[1] || id }) : t("a_job");
}

/** A job is over: its previews go, and the stage shows what is newest. Returns what the job was. */
export function endJob(event) {
  const ended = S.jobs.get(event.job_id);
  S.jobs.delete(event.job_id);
  S.settled.add(event.job_id);
  for (const id of [...S.previews.keys()]) if (id.startsWith(`${event.job_id}.`)) dropPreview(id);
  renderJobs();
  restage();
  updateEmpty();
  return ended;
}

export function renderJobs() {
  jobsList.replaceChildren(...[...S.jobs.entries()].map(([id, entry]) =>
    h("li", { "data-testid": "job", "data-job-id": id, "data-status": entry.status },
      h("span", {}, `${jobLabel(id, entry)}: ${t(entry.status)}${entry.status === "queued" && entry.position ? t("ahead", { n: entry.position }) : ""}`),
      h("button", { type: "button", class: "designer-only", "data-testid": "cancel-job-button", i18n: "cancel",
                    onclick: () => send({ type: "cancel", job_id: id }) }))));
}

export function renderCursor() {
  for (const draft of S.drafts.values()) {
    const current = draft.id === S.cursor;
    draft.card.classList.toggle("cursor", current);
    draft.card.dataset.cursor = String(current);
    if (current) draft.card.setAttribute("aria-current", "true");
    else draft.card.removeAttribute("aria-current");
  }
  for (const node of document.querySelectorAll("#lineage [data-draft-id]")) {
    const current = node.dataset.draftId === S.cursor;
    node.classList.toggle("cursor", current);
    if (current) node.setAttribute("aria-current", "true");
    else node.removeAttribute("aria-current");
  }
}

export function updateEmpty() {
  empty.hidden = S.order.length > 0 || S.previews.size > 0;
}

export function refreshAll() {
  renderJobs();
  renderLineage();
  renderCursor();
  updateEmpty();
}
