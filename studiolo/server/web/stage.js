// The stage view: the newest draft (or the preview being painted), full window, for a projector or a second
// screen. Opened from a stage link (?view=stage) it shows no controls, focus ring or pointer until the mouse moves
// (or a key is pressed), and hides them again after a few quiet seconds.

import { $ } from "./dom.js";
import { onLanguage, t } from "./i18n.js";
import { params, replaceUrl, S } from "./state.js";

const QUIET_MS = 2500;
const stage = $("stage");
const image = $("stage-image");
const caption = $("stage-caption");
const toggle = $("stage-toggle");
const exit = $("stage-exit");
let quietTimer = null;

export function stageFinal(id) {
  const draft = S.drafts.get(id);
  S.stage = draft ? { kind: "final", id, number: draft.number, src: draft.src, prompt: draft.prompt } : null;
  renderStage();
}

export function stagePreview(id, preview) {
  S.stage = { kind: "preview", id, src: preview.url, prompt: preview.prompt, step: preview.step, total: preview.total };
  renderStage();
}

/** After a preview ends: the newest preview still painting, else the newest draft. */
export function restage() {
  if (S.stage?.kind === "preview" && S.previews.has(S.stage.id)) return;
  const live = [...S.previews.entries()].at(-1);
  if (live) stagePreview(...live);
  else if (S.order.length) stageFinal(S.order.at(-1));
  else {
    S.stage = null;
    renderStage();
  }
}

function stageCaption(shown) {
  if (!shown) return t("stage_waiting");
  return shown.kind === "final" ? `#${shown.number} ${shown.prompt}` : t("stage_painting", shown);
}

export function renderStage() {
  const shown = S.stage;
  stage.dataset.kind = shown?.kind || "empty";
  image.dataset.kind = shown?.kind || "empty";
  image.dataset.draftId = shown?.id || "";
  image.dataset.number = shown?.number ?? "";
  if (shown) {
    if (image.getAttribute("src") !== shown.src) image.src = shown.src;
    image.alt = stageCaption(shown);
    image.hidden = false;
  } else {
    image.removeAttribute("src");
    image.hidden = true;
  }
  caption.textContent = stageCaption(shown);
}

/** Show or leave the stage. `quiet`: opened by a link, so nothing but the picture until someone moves. */
export function setStage(on, { quiet = false } = {}) {
  stage.hidden = !on;
  document.body.classList.toggle("staged", on);
  for (const behind of document.querySelectorAll("body > header, body > main, body > nav")) behind.inert = on;
  toggle.setAttribute("aria-pressed", String(on));
  if (on) params.set("view", "stage");
  else params.delete("view");
  replaceUrl();
  if (!on) {
    toggle.focus();
    return;
  }
  if (quiet) {
    stage.dataset.idle = "true";
  } else {
    wake();
    exit.focus();
  }
}

function wake() {
  stage.dataset.idle = "false";
  clearTimeout(quietTimer);
  quietTimer = setTimeout(() => {
    if (!stage.contains(document.activeElement) || document.activeElement === document.body) stage.dataset.idle = "true";
  }, QUIET_MS);
}

stage.addEventListener("mousemove", wake);
stage.addEventListener("pointerdown", wake);
toggle.addEventListener("click", () => setStage(stage.hidden));
exit.addEventListener("click", () => setStage(false));
document.addEventListener("keydown", (e) => {
  if (stage.hidden) return;
  if (e.key === "Escape") setStage(false);
  else wake();
});
onLanguage(renderStage);
