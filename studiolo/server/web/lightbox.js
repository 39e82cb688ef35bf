// The lightbox: one draft enlarged, previous / next (buttons and arrow keys), and a second draft beside it to
// compare. A native <dialog>: modal, Escape closes it, focus returns where it was.

import { $, h } from "./dom.js";
import { onLanguage, setWords } from "./i18n.js";
import { S } from "./state.js";

const dialog = $("lightbox");
const compare = $("lightbox-compare");
let shown = null; // the draft id enlarged
let other = null; // the draft id beside it, or null

/** Enlarge draft `id`; with `compare`, beside the current draft (or the one before, if it is the current). */
export function openLightbox(id, { compare: side = false } = {}) {
  shown = id;
  other = null;
  if (side) {
    const at = S.order.indexOf(id);
    other = S.cursor && S.cursor !== id ? S.cursor : S.order[at > 0 ? at - 1 : at + 1] ?? null;
  }
  render();
  if (!dialog.open) dialog.showModal();
  (side ? compare : $("lightbox-next")).focus();
}

function step(by) {
  if (!shown || !S.order.length) return;
  const at = S.order.indexOf(shown);
  shown = S.order[(at + by + S.order.length) % S.order.length];
  if (shown === other) other = null;
  render();
}

function figure(which, id) {
  const fig = $(`lightbox-${which}`);
  fig.hidden = !id;
  if (!id) return;
  const draft = S.drafts.get(id);
  const img = fig.querySelector("img");
  img.src = draft.src;
  img.dataset.draftId = id;
  img.dataset.draft = id; // a fresh signed address reaches it too
  setWords(img, "draft_alt", { n: `#${draft.number}`, prompt: draft.prompt });
  fig.querySelector("figcaption").textContent = `#${draft.number} · ${draft.prompt}`;
}

function render() {
  const draft = S.drafts.get(shown);
  if (!draft) return;
  dialog.dataset.compare = String(Boolean(other));
  setWords($("lightbox-title"), "lightbox", { n: `#${draft.number}` });
  setWords($("lightbox-position"), "lightbox_position", { n: S.order.indexOf(shown) + 1, count: S.order.length });
  figure("main", shown);
  figure("other", other);
  const download = $("lightbox-download");
  download.href = draft.src;
  download.download = `studiolo-${draft.number}-${shown.slice(0, 8)}.png`;
  compare.replaceChildren(h("option", { value: "", i18n: "compare_none" }),
    ...S.order.filter((id) => id !== shown).map((id) => h("option", { value: id, selected: id === other }, `#${S.drafts.get(id).number}`)));
}

$("lightbox-prev").addEventListener("click", () => step(-1));
$("lightbox-next").addEventListener("click", () => step(1));
$("lightbox-close").addEventListener("click", () => dialog.close());
compare.addEventListener("change", () => {
  other = compare.value || null;
  render();
});
dialog.addEventListener("keydown", (e) => {
  if (e.target.tagName === "SELECT") return;
  if (e.key === "ArrowLeft") { e.preventDefault(); step(-1); }
  if (e.key === "ArrowRight") { e.preventDefault(); step(1); }
});
dialog.addEventListener("click", (e) => { if (e.target === dialog) dialog.close(); }); // the backdrop
onLanguage(() => { if (dialog.open) render(); });
