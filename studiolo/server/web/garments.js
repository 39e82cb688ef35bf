// A pattern card's way to garments: "On a garment", "Colourways" and "Download for print", each a small form in
// one <dialog> (modal: Escape closes it, focus returns to the card's menu button). The first two are turns that
// name their skill (`say.options.skill` and `args`), so the artist answers them like any turn and each result is
// a child draft of the pattern with its parameters; the third asks the server for a signed address (`print`,
// answered by `print.link`) and downloads the file from it; the lineage keeps a small preview of each print asked
// for, a child draft of the pattern with the print's parameters (not a pattern itself, so its card offers none of
// these but "Download for print" again, the form filled with its parameters).

import { send } from "./connection.js";
import { $ } from "./dom.js";
import { language, onLanguage, setWords, t, WORDS } from "./i18n.js";
import { S } from "./state.js";

const CM_PER_INCH = 2.54;
const dialog = $("garment-dialog");
const forms = { wear: $("wear-form"), colourways: $("colourways-form"), print: $("print-form") };
const printError = $("print-error");
let shown = null; // {action, id, opener}: the form open, for which draft, and what to give focus back to
let printing = null; // the draft whose print link was asked for and has not come yet

/** Open `action`'s form (wear, colourways, print) for pattern draft `id`; `print`, a print's parameters (a print
 * draft's `params`), fills the print form with them, to download that print again. */
export function openGarmentAction(action, id, opener = null, print = null) {
  shown = { action, id, opener };
  for (const [name, form] of Object.entries(forms)) form.hidden = name !== action;
  printError.hidden = true;
  printing = null;
  retitle();
  if (print) {
    for (const [field, key] of [["print-width", "width_cm"], ["print-height", "height_cm"], ["print-dpi", "dpi"],
                                ["print-repeat", "repeat"], ["print-scale", "scale_cm"], ["print-format", "format"]]) {
      $(field).value = print[key] ?? "";
    }
  }
  if (action === "print") showPixels();
  if (!dialog.open) dialog.showModal();
  forms[action].querySelector("select, input").focus();
}

function retitle() {
  const draft = shown && S.drafts.get(shown.id);
  if (draft) setWords($("garment-title"), `title_${shown.action}`, { n: `#${draft.number}` });
}

function close() {
  dialog.close();
}

dialog.addEventListener("close", () => {
  printing = null;
  const opener = shown?.opener;
  shown = null;
  if (opener?.isConnected) opener.focus();
});
for (const button of dialog.querySelectorAll(".cancel")) button.addEventListener("click", close);
dialog.addEventListener("click", (e) => { if (e.target === dialog) close(); }); // the backdrop

forms.wear.addEventListener("submit", (e) => {
  e.preventDefault();
  const garment = $("wear-garment").value;
  const view = $("wear-view").value;
  const scale = $("wear-scale").value;
  const args = { garment, view, ...(scale ? { scale_cm: Number(scale) } : {}) };
  const words = t("say_wear", { garment: t(`garment_${garment}`).toLowerCase(), view: t(`view_${view}`).toLowerCase() })
    + (scale ? t("say_wear_scale", { scale }) : "");
  if (send({ type: "say", text: words, attachments: [shown.id], options: { skill: "wear", args } })) close();
});

forms.colourways.addEventListener("submit", (e) => {
  e.preventDefault();
  const n = Number($("ways-n").value);
  const palette = $("ways-palette").value;
  const words = t("say_colourways", { n }) + (palette ? t("say_colourways_palette", { palette: t(`season_${palette}`).toLowerCase() }) : "");
  const args = { n, ...(palette ? { palette } : {}) };
  if (send({ type: "say", text: words, attachments: [shown.id], options: { skill: "colourways", args } })) close();
});

function printValues() {
  const number = (id) => Number($(id).value);
  const scale = $("print-scale").value;
  return {
    width_cm: number("print-width"), height_cm: number("print-height"), dpi: number("print-dpi"),
    repeat: $("print-repeat").value, format: $("print-format").value, ...(scale ? { scale_cm: Number(scale) } : {}),
  };
}

/** What the file will be in pixels, as the server counts them: round(cm / 2.54 * dpi). */
function showPixels() {
  const { width_cm: w, height_cm: h, dpi } = printValues();
  const ok = [w, h, dpi].every((v) => Number.isFinite(v) && v > 0);
  const pixels = $("print-pixels");
  const count = (cm) => Math.round(cm / CM_PER_INCH * dpi).toLocaleString(language());
  if (ok) setWords(pixels, "print_pixels", { width: count(w), height: count(h) });
  else pixels.textContent = "";
}

forms.print.addEventListener("input", () => {
  showPixels();
  printError.hidden = true;
});
forms.print.addEventListener("submit", (e) => {
  e.preventDefault();
  printError.hidden = true;
  if (send({ type: "print", draft_id: shown.id, ...printValues() })) printing = shown.id;
});

/** The server's answer to `print`: the file's signed address, downloaded at once. */
export function onPrintLink(event) {
  if (printing !== event.draft_id) return;
  printing = null;
  const link = document.createElement("a");
  link.href = event.url;
  link.download = event.filename;
  document.body.append(link);
  link.click();
  link.remove();
  close();
}

/** An error while a print link is asked for is its answer: said in the dialog, by the field it is about. True
 * when the dialog took it. */
export function printRefused(event) {
  if (printing === null || !dialog.open) return false;
  printing = null;
  printError.textContent = `${event.message} [${event.code}]`;
  printError.hidden = false;
  const field = { width_cm: "print-width", height_cm: "print-height", dpi: "print-dpi", repeat: "print-repeat",
                  scale_cm: "print-scale", size: "print-width", format: "print-format" }[event.field];  // fmt: skip
  if (field) $(field).focus();
  return true;
}

/** What a mock-up, colourway or print was made with, in words ("Dress · front · 16 cm repeat", "Autumn 2",
 * "Print · 150 × 100 cm · 150 dpi · Half drop"); null for drafts whose parameters need no saying. */
export function paramsSummary(draft) {
  const p = draft.params || {};
  const number = (value) => Number(value).toLocaleString(language());
  if (draft.skill === "print" && p.width_cm) { // a print asked for: its draft is a small preview of the file
    return [t("print_made"), t("print_size", { width: number(p.width_cm), height: number(p.height_cm) }),
            t("print_dpi_value", { dpi: number(p.dpi) }), t(`repeat_${String(p.repeat).replace("-", "_")}`),
            ...(p.scale_cm ? [t("repeat_cm", { cm: number(p.scale_cm) })] : [])].join(" · ");
  }
  if (draft.skill === "wear" && p.garment) {
    return [t(`garment_${p.garment}`), t(`view_${p.view || "front"}`), t("repeat_cm", { cm: Number(p.scale_cm).toLocaleString() })].join(" · ");
  }
  if (draft.skill === "colourways" && typeof p.palette === "string") {
    const [first, ...rest] = p.palette.split(" ");
    return [`season_${first}` in WORDS[language()] ? t(`season_${first}`) : first, ...rest].join(" ");
  }
  return null;
}

onLanguage(() => {
  if (dialog.open) {
    retitle();
    if (shown.action === "print") showPixels();
  }
});
