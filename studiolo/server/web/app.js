// studiolo's web client: plain ES modules, no build step, no dependencies. This module starts the page and says
// what each server event changes, pane by pane:
//   connection.js  the websocket (hello, welcome, resume, binary frames)     i18n.js   the page's words, en + ko
//   chat.js        the conversation                                          board.js  jobs, previews, draft cards
//   lightbox.js    a draft enlarged, previous / next, two side by side      lineage.js the draft tree
//   composer.js    the message box, upload, the options drawer               stage.js  the full-window stage view
//   state.js       who the page is and the session as shown                  dom.js    element helpers, menus

import {
  addDraft, clearBoard, dropPreview, endJob, job, jobLabel, onFinal, onNewCount, onPreview, refreshAll, renderCursor,
  renderFeedback, renderJobs, resign, showDescription, updateEmpty,
} from "./board.js";
import {
  addTurn, clearChat, endReply, setSpokenBy, setTurnSkill, showError, showInvitation, showNote, speakerName, streamReply,
} from "./chat.js";
import { setupComposer } from "./composer.js";
import * as connection from "./connection.js";
import { send, switchSession } from "./connection.js";
import { $, h } from "./dom.js";
import { clearWords, onLanguage, setLanguage, language, setWords, t } from "./i18n.js";
import { renderLineage } from "./lineage.js";
import { renderStage, restage, setStage, stageFinal } from "./stage.js";
import { config, rememberSession, replaceUrl, S, trace } from "./state.js";

let stageLinkAsked = false; // the next invitation is for a stage link

// ---------------------------------------------------------------------------------------------- the state

/** Forget everything shown and draw `state` (a welcome's snapshot; null: an empty session). */
function rebuild(state) {
  clearBoard();
  clearChat();
  S.streaming = null;
  S.turnEls.clear();
  S.pendingSkill = null;
  S.stage = null;
  S.persona = state?.persona || "";
  if (S.persona) setWords($("persona"), "persona", { name: S.persona });
  else clearWords($("persona"));
  for (const d of state?.drafts || []) addDraft({ ...d, src: d.url });
  S.cursor = state?.cursor ?? null;
  for (const turn of state?.turns || []) {
    const li = addTurn(turn.speaker, turn.text, turn.attachments || []);
    S.turnEls.set(turn.seq, li);
    if (turn.skill) setTurnSkill(li, turn.skill);
    if (turn.by) setSpokenBy(li, turn.by);
  }
  refreshAll();
  const newest = S.order.at(-1);
  if (newest) stageFinal(newest);
  else renderStage();
}

function onWelcome(event, incremental) {
  replaceUrl();
  rememberSession();
  if (incremental) {
    resign(event.state.drafts || []);
    renderLineage();
    renderCursor();
  } else {
    rebuild(event.state);
  }
  document.body.classList.toggle("observer", event.role === "observer");
  document.body.classList.toggle("operator", event.role === "operator");
  setWords($("session-label"), "session", { id: event.session });
}

function onRefusal(event) {
  if (event.code === "session.not_found" && S.remembered) { // the session remembered here is gone: a new one
    newSession(null);
    return;
  }
  if (event.code.startsWith("resume.")) {
    showNote(t("resynchronised", { message: event.message }));
    return;
  }
  showError(event);
  if (event.code === "session.not_found" && S.role !== "observer") {
    showNote("", h("button", { type: "button", "data-testid": "start-new-session", i18n: "start_new_session", onclick: () => newSession(null) }));
  }
}

function apply(event, bytes) {
  switch (event.type) {
    case "turn.said":
      S.turnEls.set(event.seq, addTurn(event.speaker, event.text, event.attachments));
      break;
    case "turn.routed": {
      S.pendingSkill = event.skill;
      const li = S.turnEls.get(event.turn); // turns said at once are routed concurrently: not always the last
      if (li) setTurnSkill(li, event.skill, event.confidence);
      break;
    }
    case "reply.delta":
      streamReply(event.text);
      break;
    case "reply.done":
      endReply(event.text, event.by);
      break;
    case "job.queued":
      S.jobs.set(event.job_id, { status: "queued", position: event.position, skill: S.pendingSkill });
      S.pendingSkill = null;
      renderJobs();
      break;
    case "job.started":
      job(event.job_id).status = "running";
      renderJobs();
      break;
    case "draft.final":
      onFinal(event, bytes);
      break;
    case "draft.cancelled":
      dropPreview(event.draft_id);
      S.settled.add(event.draft_id);
      restage();
      updateEmpty();
      break;
    case "job.finished":
    case "job.cancelled":
    case "job.failed": {
      const ended = endJob(event);
      if (event.type === "job.failed") showError({ code: event.code, message: t("job_failed", { job: jobLabel(event.job_id, ended), message: event.message }) });
      if (event.type === "job.cancelled") showNote(t("job_cancelled", { job: jobLabel(event.job_id, ended) }));
      break;
    }
    case "draft.feedback": {
      const draft = S.drafts.get(event.draft_id);
      if (draft) {
        draft.feedback.push(event.feedback);
        renderFeedback(draft);
      }
      break;
    }
    case "cursor.moved":
      S.cursor = event.cursor ?? null;
      renderCursor();
      break;
    case "session.reset":
      S.cursor = null;
      renderCursor();
      showNote(t("reset_by", { name: speakerName(event.by) }));
      break;
    case "draft.described":
      showDescription(event);
      break;
    case "cue": // a scripted show waited here; the operator let it go on
      showNote(t("cue_released", { name: speakerName(event.by) }));
      break;
    case "error":
      showError(event);
      break;
    default:
      break; // collaboration.update, session.state, metrics: nothing to show here
  }
}

function newSession(id) {
  rebuild(null);
  switchSession(id);
  replaceUrl();
}

/** An image's signed address has expired (a page left open for hours): reconnect, and the welcome signs afresh.
 * At most once a minute, so an image that cannot load at all does not make the page reconnect over and over. */
let resignedAt = -Infinity;
document.addEventListener("error", (e) => {
  const img = e.target;
  if (img.tagName !== "IMG" || !img.getAttribute("src")?.includes("sig=") || !S.welcomed) return;
  if (performance.now() - resignedAt < 60000) return;
  resignedAt = performance.now();
  connection.resync();
}, true); // image errors do not bubble: caught on the way down

// ---------------------------------------------------------------------------------------------- the phone's tabs

const TABS = ["chat", "drafts", "lineage"];

function setupTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  const select = (name, focus = false) => {
    document.body.dataset.tab = name;
    for (const tab of tabs) {
      const on = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) tab.focus();
    }
  };
  for (const tab of tabs) {
    tab.addEventListener("click", () => select(tab.dataset.tab));
    tab.addEventListener("keydown", (e) => {
      const at = TABS.indexOf(tab.dataset.tab);
      if (e.key === "ArrowRight") select(TABS[(at + 1) % TABS.length], true);
      if (e.key === "ArrowLeft") select(TABS[(at + TABS.length - 1) % TABS.length], true);
    });
  }
  // other code may show a pane (a link to a draft shows the drafts' tab): keep the tabs in step
  new MutationObserver(() => {
    for (const tab of tabs) {
      const on = tab.dataset.tab === document.body.dataset.tab;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-tab"] });
  select(document.body.dataset.tab || "chat");
  const badge = $("tab-drafts-new");
  onNewCount((count) => {
    badge.hidden = !count;
    if (count) setWords(badge, "tab_new", { n: count });
  });
}

// ---------------------------------------------------------------------------------------------- start

for (const button of document.querySelectorAll("[data-lang]")) button.addEventListener("click", () => setLanguage(button.dataset.lang));
$("undo").addEventListener("click", () => send({ type: "undo" }));
$("next-cue").addEventListener("click", () => send({ type: "next" })); // a scripted show (studiolo run --server) goes on
$("redo").addEventListener("click", () => send({ type: "redo" }));
$("invite").addEventListener("click", () => {
  stageLinkAsked = false;
  send({ type: "invite", role: "observer" });
});
$("stage-link").addEventListener("click", () => {
  stageLinkAsked = true;
  send({ type: "invite", role: "observer" });
});
$("new-session").addEventListener("click", () => newSession(null));
window.addEventListener("hashchange", () => {
  const id = new URLSearchParams(location.hash.slice(1)).get("session") || null;
  if (id !== S.session) newSession(id);
});
onLanguage(() => {
  renderJobs(); // jobs and lineage are drawn from the state, in the words of the moment
  renderLineage();
  renderCursor();
});

// for tests and debugging: what arrived, the state, and a way to drop the connection and resume later
window.studiolo = { trace, state: S, pause: connection.pause, resume: connection.resume };

setLanguage(language());
setupComposer();
setupTabs();
rebuild(null);
if (config.stage) setStage(true, { quiet: true });
connection.start({
  welcome: onWelcome,
  refusal: onRefusal,
  event: apply,
  preview: onPreview,
  error: showError,
  answer: (event) => showInvitation(event, stageLinkAsked),
});
