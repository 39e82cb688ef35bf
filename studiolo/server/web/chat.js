// The conversation pane: turns (the artist's streamed as they come), errors and notes inline, invitations.

import { draftLink } from "./board.js";
import { $, h } from "./dom.js";
import { language, setWords, t } from "./i18n.js";
import { S } from "./state.js";

const log = $("chat-log");
const invitationBox = $("invitation");

export function clearChat() {
  log.replaceChildren();
}

export function speakerName(speaker) {
  if (speaker === "artist") return S.persona ? S.persona[0].toUpperCase() + S.persona.slice(1) : "artist";
  if (speaker === S.participant) return t("you");
  return speaker;
}

/** A speaker's name, as an element that follows a switch of language when the speaker is "you". */
export function speakerEl(speaker, attrs = {}) {
  return speaker === S.participant ? h("span", { ...attrs, i18n: "you" }) : h("span", { ...attrs, text: speakerName(speaker) });
}

/** A line of the chat; the drafts it is about show as links with their thumbnails (an upload shows its picture). */
export function addTurn(speaker, text, attachments = []) {
  const known = attachments.filter((id) => S.drafts.has(id));
  const li = h("li", { class: `turn ${speaker === "artist" ? "artist" : "person"}`, "data-testid": "turn", "data-speaker": speaker },
    speakerEl(speaker, { class: "speaker" }),
    h("span", { class: "skill-slot" }),
    h("p", { class: "text", text }),
    attachments.length ? h("p", { class: "attachments", "data-testid": "turn-attachments" }, h("span", { i18n: "about" }),
      attachments.map((a, i) => [i ? ", " : "", draftLink(a)])) : null,
    known.length ? h("div", { class: "thumbs" }, known.map((id) => draftLink(id, { thumb: true }))) : null);
  log.append(li);
  scrollChat();
  return li;
}

export function setSpokenBy(li, operator) {
  setWords(li.querySelector(".speaker"), "as_artist", { name: speakerName(operator) });
}

export function setTurnSkill(li, skill, confidence) {
  li.querySelector(".skill-slot").replaceChildren(h("span", { class: "badge skill", "data-testid": "turn-skill",
    title: confidence !== undefined ? `confidence ${confidence.toFixed(2)}` : null }, skill));
}

/** The artist's reply, a sentence at a time, then whole. */
export function streamReply(text) {
  if (!S.streaming) {
    const li = addTurn("artist", "");
    li.dataset.streaming = "true";
    S.streaming = { el: li, text: "" };
  }
  S.streaming.text += text;
  S.streaming.el.querySelector(".text").textContent = S.streaming.text;
  scrollChat();
}

export function endReply(text, by) {
  const li = S.streaming ? S.streaming.el : addTurn("artist", "");
  S.streaming = null;
  delete li.dataset.streaming;
  li.querySelector(".text").textContent = text;
  if (by) setSpokenBy(li, by);
  scrollChat();
}

export function showError(event) {
  log.append(h("li", { class: "error", role: "alert", "data-testid": "chat-error", "data-code": event.code },
    h("code", {}, event.code), " ", event.message || "", event.field ? h("span", { class: "field" }, ` (${event.field})`) : null));
  scrollChat();
}

export function showNote(text, extra = null) {
  log.append(h("li", { class: "note", "data-testid": "chat-note" }, text, extra));
  scrollChat();
}

function scrollChat() {
  log.scrollTop = log.scrollHeight;
}

/** An invitation link, ready to copy; a stage link also goes to the clipboard where the browser allows it. */
export function showInvitation(event, stage) {
  const url = new URL(event.url, location.href);
  if (stage) url.searchParams.set("view", "stage");
  const href = url.toString();
  const until = new Date(event.expires * 1000).toLocaleString(language());
  const link = h("input", { type: "text", readonly: true, value: href, "data-testid": "invitation-url", "data-role": event.role,
                            "data-stage": String(stage), i18nAttrs: { "aria-label": "invitation_url" } });
  const copied = h("span", { class: "copied", role: "status", "data-testid": "invitation-copied" });
  invitationBox.replaceChildren(
    h("p", {}, stage ? h("span", { i18n: "stage_invitation", vars: { until } }) : h("span", { i18n: "invitation", vars: { role: event.role, until } })),
    link, copied);
  invitationBox.hidden = false;
  link.select();
  navigator.clipboard?.writeText(href).then(() => setWords(copied, "copied"), () => {}); // refused: the link is selected
}
