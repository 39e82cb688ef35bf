// Small DOM helpers shared by the panes.

import { localize } from "./i18n.js";

export const $ = (id) => document.getElementById(id);

/** An element: `attrs` are its attributes, except class, text, on<event>, and the page's words: i18n (the key
 * of its text), i18nAttrs ({attribute: key}) and vars (what fills them). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "i18n") el.dataset.i18n = value;
    else if (key === "i18nAttrs") el.dataset.i18nAttrs = Object.entries(value).map(([a, k]) => `${a}:${k}`).join(" ");
    else if (key === "vars") el.dataset.i18nVars = JSON.stringify(value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== null && child !== undefined && child !== false) el.append(child);
  if (el.dataset.i18n || el.dataset.i18nAttrs) localize(el);
  return el;
}

export function randomHex(n) {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(n / 2)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, n);
}

/** A popup menu under `button`: opens and closes with it, Escape or a click elsewhere; arrow keys move. */
export function menu(button, list) {
  const items = () => [...list.querySelectorAll("[role=menuitem]")];
  const close = (refocus) => {
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (refocus) button.focus();
  };
  button.setAttribute("aria-haspopup", "menu");
  button.setAttribute("aria-expanded", "false");
  list.hidden = true;
  button.addEventListener("click", () => {
    const open = list.hidden;
    for (const other of document.querySelectorAll("[role=menu]:not([hidden])")) if (other !== list) other.hidden = true;
    list.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (!open) return;
    list.classList.remove("from-left"); // opens leftwards from its button, unless that leaves the window
    if (list.getBoundingClientRect().left < 0) list.classList.add("from-left");
    items()[0]?.focus();
  });
  list.addEventListener("click", (e) => { if (e.target.closest("[role=menuitem]")) close(false); });
  list.addEventListener("keydown", (e) => {
    const all = items();
    const at = all.indexOf(document.activeElement);
    if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(true); }
    else if (e.key === "ArrowDown") { e.preventDefault(); all[(at + 1) % all.length].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); all[(at - 1 + all.length) % all.length].focus(); }
    else if (e.key === "Tab") close(false);
  });
  list.closeFrom = (target) => { if (!list.hidden && !list.contains(target) && !button.contains(target)) close(false); };
}

// one listener for every menu: a click elsewhere closes the one open
document.addEventListener("click", (e) => {
  for (const list of document.querySelectorAll("[role=menu]:not([hidden])")) list.closeFrom?.(e.target);
});
