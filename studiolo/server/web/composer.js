// The composer: the message box, an image upload, and the options drawer (number of drafts, size, seed, pattern,
// "exactly as I said"). A `say` carries `options` with only what the designer set; what is left alone the artist
// decides. The options are kept per browser, as a designer expects their settings to stay.

import { showError } from "./chat.js";
import { joinBinary, send } from "./connection.js";
import { $ } from "./dom.js";
import { onLanguage, t } from "./i18n.js";

const OPTIONS_KEY = "studiolo.options";
const UPLOAD_MIMES = ["image/png", "image/jpeg", "image/webp"];
const MAX_SEED = 2 ** 31 - 1;

const form = $("composer");
const prompt = $("prompt");
const upload = $("upload");
const drawer = $("options");
const drawerToggle = $("options-toggle");
const fields = { n: $("opt-n"), size: $("opt-size"), seed: $("opt-seed"), pattern: $("opt-pattern"), exact: $("opt-exact") };
const summary = $("options-summary");

/** What the designer set in the drawer, as the `say` message's `options` (null: nothing set), or undefined when
 * something set is invalid (the field says why). */
export function chosenOptions() {
  const options = {};
  if (fields.n.value) options.n = Number(fields.n.value);
  if (fields.size.value) options.size = Number(fields.size.value);
  const seed = fields.seed.value.trim();
  const seedOk = seed === "" || (/^\d+$/.test(seed) && Number(seed) <= MAX_SEED);
  fields.seed.setAttribute("aria-invalid", String(!seedOk));
  $("opt-seed-error").hidden = seedOk;
  if (!seedOk) return undefined;
  if (seed !== "") options.seed = Number(seed);
  if (fields.pattern.value) options.pattern = fields.pattern.value === "on";
  if (fields.exact.checked) options.exact = true;
  return Object.keys(options).length ? options : null;
}

function summarise() {
  const options = chosenOptions() || {};
  const parts = [];
  if (options.n) parts.push(options.n === 1 ? t("sum_one") : t("sum_n", { n: options.n }));
  if (options.size) parts.push(t("sum_size", { size: options.size }));
  if (options.seed !== undefined) parts.push(t("sum_seed", { seed: options.seed }));
  if (options.pattern !== undefined) parts.push(t(options.pattern ? "sum_pattern_on" : "sum_pattern_off"));
  if (options.exact) parts.push(t("sum_exact"));
  summary.textContent = parts.join(" · ");
  summary.hidden = !parts.length;
}

function save() {
  const kept = Object.fromEntries(Object.entries(fields).map(([key, el]) => [key, el.type === "checkbox" ? el.checked : el.value]));
  localStorage.setItem(OPTIONS_KEY, JSON.stringify(kept));
  summarise();
}

function restore() {
  let kept = {};
  try {
    kept = JSON.parse(localStorage.getItem(OPTIONS_KEY) || "{}") || {};
  } catch {
    kept = {};
  }
  for (const [key, el] of Object.entries(fields)) {
    if (!(key in kept)) continue;
    if (el.type === "checkbox") el.checked = Boolean(kept[key]);
    else if (el.tagName !== "SELECT" || [...el.options].some((o) => o.value === String(kept[key]))) el.value = String(kept[key]);
  }
  summarise();
}

function setDrawer(open) {
  drawer.hidden = !open;
  drawerToggle.setAttribute("aria-expanded", String(open));
}

export function setupComposer() {
  restore();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = prompt.value.trim();
    if (!text) return;
    const options = chosenOptions();
    if (options === undefined) {
      setDrawer(true);
      fields.seed.focus();
      return;
    }
    if (send(options ? { type: "say", text, options } : { type: "say", text })) prompt.value = "";
  });
  prompt.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  drawerToggle.addEventListener("click", () => setDrawer(drawer.hidden));
  for (const el of Object.values(fields)) el.addEventListener(el.type === "checkbox" || el.tagName === "SELECT" ? "change" : "input", save);
  $("opt-reset").addEventListener("click", () => {
    for (const el of Object.values(fields)) {
      if (el.type === "checkbox") el.checked = false;
      else el.value = "";
    }
    save();
  });
  drawer.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { setDrawer(false); drawerToggle.focus(); }
  });
  upload.addEventListener("change", async () => {
    const file = upload.files[0];
    upload.value = "";
    if (!file) return;
    if (!UPLOAD_MIMES.includes(file.type)) {
      showError({ code: "upload.unsupported", message: t("unsupported", { name: file.name }), field: "mime" });
      return;
    }
    send(joinBinary({ type: "upload", mime: file.type, name: file.name.slice(0, 200) }, await file.arrayBuffer()));
  });
  onLanguage(summarise);
}
