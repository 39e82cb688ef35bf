// studiolo's web client: one plain ES module, no build step, no dependencies.
//
// It speaks protocol v1 (DESIGN.md, "Wire protocol"): `hello` first, then the server's `welcome` (a state
// snapshot) and the events after it. Durable events carry dense seqs (1, 2, 3, ...); after a dropped connection
// the client says hello again with `resume_from` = the last durable seq it applied and the server replays the
// rest. Previews are transient (they carry the seq of the last durable event); drafts arrive as binary frames:
// uint32 big-endian header length | UTF-8 JSON header | image bytes.

const TOKEN_KEY = "studiolo.token";
const ROLES = ["designer", "observer", "operator"];
const UPLOAD_MIMES = ["image/png", "image/jpeg", "image/webp"];
const REFUSED_CLOSES = new Set([4001, 4002]); // bad token or session, no hello: retrying would not help
const MAX_BACKOFF_MS = 15000;
const KEEP_PREVIEW_URLS = 48; // blob URLs of previews kept alive (cards and the stage may still show them)

// ---------------------------------------------------------------------------------------------- configuration

const params = new URLSearchParams(location.search);
let token = params.get("token");
if (token !== null) {
  sessionStorage.setItem(TOKEN_KEY, token); // a reload works; the address bar no longer shows the token
  params.delete("token");
} else {
  token = sessionStorage.getItem(TOKEN_KEY) || "";
}
const role = ROLES.includes(params.get("role")) ? params.get("role") : "designer";
const NAME_KEY = `studiolo.name.${role}`;
// one participant name per tab, so a reload is the same participant (who may still cancel their own jobs)
const name = params.get("name") || sessionStorage.getItem(NAME_KEY) || `${role}-${randomHex(6)}`;
sessionStorage.setItem(NAME_KEY, name);

// ---------------------------------------------------------------------------------------------- state

const S = {
  session: new URLSearchParams(location.hash.slice(1)).get("session") || null,
  participant: null,
  role,
  persona: "",
  lastSeq: null, // the last durable seq applied; null until the first welcome
  drafts: new Map(), // id -> {id, number, parent_ids, job_id, skill, prompt, seed, feedback, src, card}
  order: [], // draft ids in creation order (#1, #2, ...)
  cursor: null,
  jobs: new Map(), // job id -> {status, position, skill}
  previews: new Map(), // "<job id>.<index>" -> {job_id, index, seed, step, total, url, card}
  settled: new Set(), // preview slots (and jobs) that are over: late previews for them are ignored
  pendingSkill: null, // what the last turn was routed to: the skill of the next queued job
  streaming: null, // the artist's reply being streamed: {el, text}
  turnEls: new Map(), // a turn's seq -> its chat line, where turn.routed tags the skill it went to
  stage: null, // what the stage shows: {kind: "final"|"preview", id, src, caption}
  welcomed: false,
};

const trace = []; // what arrived, in order (for tests and debugging): {type, seq, id, t}
const previewUrls = [];

// ---------------------------------------------------------------------------------------------- DOM helpers

const $ = (id) => document.getElementById(id);
const els = {
  status: $("status"), persona: $("persona"), sessionLabel: $("session-label"), chat: $("chat-log"),
  composer: $("composer"), prompt: $("prompt"), send: $("send"), board: $("board"), empty: $("board-empty"),
  jobs: $("jobs"), lineage: $("lineage"), stage: $("stage"), stageImage: $("stage-image"),
  stageCaption: $("stage-caption"), stageToggle: $("stage-toggle"), upload: $("upload"), invitation: $("invitation"),
};

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

function randomHex(n) {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(n / 2)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, n);
}

function replaceUrl() {
  const query = params.toString();
  const hash = S.session ? `#session=${S.session}` : "";
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${hash}`);
}

function draftImageUrl(id) {
  return `/drafts/${id}.png?token=${encodeURIComponent(token)}`;
}

function label(id) {
  const draft = S.drafts.get(id);
  return draft ? `#${draft.number}` : id.slice(0, 8);
}

function speakerName(speaker) {
  if (speaker === "artist") return S.persona ? S.persona[0].toUpperCase() + S.persona.slice(1) : "artist";
  if (speaker === S.participant) return "you";
  return speaker;
}

// ---------------------------------------------------------------------------------------------- connection

let ws = null;
let attempts = 0;
let retryTimer = null;
let refused = false;
let paused = false;
let unloading = false;

function setStatus(state, text) {
  els.status.dataset.state = state;
  els.status.textContent = text;
  document.body.dataset.connection = state;
}

function connect() {
  clearTimeout(retryTimer);
  retryTimer = null;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const sock = new WebSocket(`${scheme}://${location.host}/ws`);
  sock.binaryType = "arraybuffer";
  ws = sock;
  S.welcomed = false;
  const resumeFrom = S.lastSeq; // null on a first load: the welcome's snapshot is the whole state
  setStatus(attempts ? "reconnecting" : "connecting", attempts ? "reconnecting…" : "connecting…");
  sock.onopen = () => {
    if (sock !== ws) return;
    sock.send(JSON.stringify({ type: "hello", protocol: 1, token, session: S.session, role, resume_from: resumeFrom, name }));
  };
  sock.onmessage = (message) => {
    if (sock !== ws) return;
    try {
      onFrame(message.data, resumeFrom);
    } catch (error) {
      console.error("studiolo: could not handle a frame", error);
    }
  };
  sock.onclose = (event) => {
    if (sock !== ws) return;
    ws = null;
    onClose(event);
  };
}

function onClose(event) {
  if (unloading) return;
  if (paused) {
    setStatus("offline", "paused");
    return;
  }
  if (refused || REFUSED_CLOSES.has(event.code)) {
    refused = true;
    if (els.status.dataset.state !== "refused") setStatus("refused", `refused (${event.reason || event.code})`);
    return;
  }
  const delay = event.code === 4008 && attempts === 0 ? 100 // too slow: resume at once
    : Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
  attempts += 1;
  setStatus("reconnecting", `disconnected; reconnecting in ${(delay / 1000).toFixed(1)} s`);
  retryTimer = setTimeout(connect, delay);
}

function send(message) {
  if (!ws || ws.readyState !== WebSocket.OPEN || !S.welcomed) {
    showError({ code: "client.offline", message: "not connected to the server; try again in a moment" });
    return false;
  }
  ws.send(typeof message === "string" || message instanceof ArrayBuffer ? message : JSON.stringify(message));
  return true;
}

/** Close and reconnect at once, resuming after the last durable seq (a gap was seen, or a test asked). */
function resync() {
  const old = ws;
  ws = null;
  if (old) old.close(4000, "resync");
  connect();
}

function switchSession(id) {
  const old = ws;
  ws = null;
  if (old) old.close(1000, "switching session");
  refused = false;
  attempts = 0;
  S.session = id;
  S.lastSeq = null;
  rebuild(null);
  replaceUrl();
  connect();
}

// ---------------------------------------------------------------------------------------------- frames

function splitBinary(buffer) {
  const length = new DataView(buffer).getUint32(0, false);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
  return { header, bytes: new Uint8Array(buffer, 4 + length) };
}

function joinBinary(header, bytes) {
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  const frame = new Uint8Array(4 + encoded.length + bytes.byteLength);
  new DataView(frame.buffer).setUint32(0, encoded.length, false);
  frame.set(encoded, 4);
  frame.set(new Uint8Array(bytes), 4 + encoded.length);
  return frame.buffer;
}

function onFrame(data, requestedResume) {
  let event, bytes = null;
  if (typeof data === "string") event = JSON.parse(data);
  else ({ header: event, bytes } = splitBinary(data));
  trace.push({ type: event.type, seq: event.seq, id: event.draft_id || event.job_id || null, step: event.step, t: performance.now() });
  if (trace.length > 10000) trace.splice(0, 1000);

  switch (event.type) {
    case "welcome": return onWelcome(event, requestedResume);
    case "pong": return;
    case "invitation": return showInvitation(event);
    case "draft.preview": return onPreview(event, bytes);
    case "error":
      if (!S.welcomed) return onRefusal(event);
      if (event.seq !== S.lastSeq + 1) return showError(event); // an answer to this connection: no seq of its own
  }
  if (!S.welcomed) return;
  if (event.seq <= S.lastSeq) return; // already applied (a replay that overlaps)
  if (event.seq > S.lastSeq + 1) {
    console.warn(`studiolo: missed events ${S.lastSeq + 1} to ${event.seq - 1}; resuming`);
    return resync();
  }
  S.lastSeq = event.seq;
  apply(event, bytes);
}

function onRefusal(event) {
  if (event.code.startsWith("resume.")) { // the server forgot what we had: its welcome's snapshot follows
    showNote(`resynchronised: ${event.message}`);
    return;
  }
  refused = true;
  setStatus("refused", `refused: ${event.code}`);
  showError(event);
  if (event.code === "session.not_found" && role === "designer") {
    els.chat.append(h("li", { class: "note" },
      h("button", { type: "button", "data-testid": "start-new-session", onclick: () => switchSession(null) }, "Start a new session")));
  }
}

function onWelcome(event, requestedResume) {
  S.welcomed = true;
  S.participant = event.participant;
  S.role = event.role;
  S.session = event.session;
  replaceUrl();
  const incremental = requestedResume !== null && S.lastSeq !== null && event.resume_from === requestedResume;
  if (!incremental) {
    rebuild(event.state);
    S.lastSeq = event.seq;
  }
  attempts = 0;
  refused = false;
  document.body.classList.toggle("observer", event.role === "observer");
  els.sessionLabel.textContent = `session ${event.session}`;
  setStatus("connected", `connected as ${event.participant} (${event.role})`);
}

// ---------------------------------------------------------------------------------------------- the state

/** Forget everything shown and draw `state` (a welcome's snapshot; null: an empty session). */
function rebuild(state) {
  for (const draft of S.drafts.values()) if (draft.src.startsWith("blob:")) URL.revokeObjectURL(draft.src);
  S.drafts.clear();
  S.order = [];
  S.jobs.clear();
  S.previews.clear();
  S.settled.clear();
  S.streaming = null;
  S.turnEls.clear();
  S.pendingSkill = null;
  S.stage = null;
  els.board.replaceChildren();
  els.chat.replaceChildren();
  S.persona = state?.persona || "";
  els.persona.textContent = S.persona ? `artist: ${S.persona}` : "";
  for (const d of state?.drafts || []) {
    addDraft({ ...d, src: draftImageUrl(d.id) });
  }
  S.cursor = state?.cursor ?? null;
  for (const turn of state?.turns || []) {
    const li = addTurn(turn.speaker, turn.text);
    S.turnEls.set(turn.seq, li);
    if (turn.skill) setTurnSkill(li, turn.skill);
    if (turn.by) setSpokenBy(li, turn.by);
  }
  refreshAll();
  const newest = S.order.at(-1);
  if (newest) stageFinal(newest);
  else renderStage();
}

function apply(event, bytes) {
  switch (event.type) {
    case "turn.said": {
      S.turnEls.set(event.seq, addTurn(event.speaker, event.text, event.attachments));
      break;
    }
    case "turn.routed": {
      S.pendingSkill = event.skill;
      const li = S.turnEls.get(event.turn); // turns said at once are routed concurrently: not always the last
      if (li) setTurnSkill(li, event.skill, event.confidence);
      break;
    }
    case "reply.delta":
      if (!S.streaming) {
        const li = addTurn("artist", "");
        li.dataset.streaming = "true";
        S.streaming = { el: li, text: "" };
      }
      S.streaming.text += event.text;
      S.streaming.el.querySelector(".text").textContent = S.streaming.text;
      scrollChat();
      break;
    case "reply.done": {
      const li = S.streaming ? S.streaming.el : addTurn("artist", "");
      S.streaming = null;
      delete li.dataset.streaming;
      li.querySelector(".text").textContent = event.text;
      if (event.by) setSpokenBy(li, event.by);
      scrollChat();
      break;
    }
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
      break;
    case "job.finished":
    case "job.cancelled":
    case "job.failed":
      endJob(event);
      break;
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
      showNote(`the session was reset by ${speakerName(event.by)}`);
      break;
    case "draft.described": {
      const draft = S.drafts.get(event.draft_id);
      if (draft) {
        const p = draft.card.querySelector(".description");
        p.textContent = event.text;
        p.hidden = false;
      }
      break;
    }
    case "error":
      showError(event);
      break;
    default:
      break; // collaboration.update, session.state, metrics: nothing to show here
  }
}

function job(id) {
  if (!S.jobs.has(id)) S.jobs.set(id, { status: "running", position: 0, skill: null });
  return S.jobs.get(id);
}

function endJob(event) {
  const ended = S.jobs.get(event.job_id);
  S.jobs.delete(event.job_id);
  S.settled.add(event.job_id);
  for (const id of [...S.previews.keys()]) if (id.startsWith(`${event.job_id}.`)) dropPreview(id);
  if (event.type === "job.failed") showError({ code: event.code, message: `${jobLabel(event.job_id, ended)} failed: ${event.message}` });
  if (event.type === "job.cancelled") showNote(`${jobLabel(event.job_id, ended)} was cancelled`);
  renderJobs();
  restage();
}

function jobLabel(id, entry) {
  const number = id.split("-job")[1];
  return `${entry?.skill || "a job"} (job ${number || id})`;
}

// ---------------------------------------------------------------------------------------------- previews and finals

function onPreview(event, bytes) {
  if (!S.welcomed || S.settled.has(event.job_id) || S.settled.has(event.draft_id)) return;
  const url = URL.createObjectURL(new Blob([bytes], { type: event.mime || "image/webp" }));
  keepPreviewUrl(url);
  let preview = S.previews.get(event.draft_id);
  if (!preview) {
    const index = Number(event.draft_id.split(".").pop());
    preview = { job_id: event.job_id, index, seed: event.seed, prompt: event.prompt, card: null };
    preview.card = previewCard(event.draft_id, preview, url);
    S.previews.set(event.draft_id, preview);
    insertPreviewCard(preview);
    if (!S.jobs.has(event.job_id)) { job(event.job_id); renderJobs(); }
  }
  preview.step = event.step;
  preview.total = event.total;
  preview.url = url;
  preview.card.querySelector("img").src = url;
  const progress = preview.card.querySelector("progress");
  progress.max = event.total;
  progress.value = event.step;
  preview.card.querySelector(".steps").textContent = `step ${event.step} of ${event.total}`;
  S.stage = { kind: "preview", id: event.draft_id, src: url, caption: `painting… step ${event.step} of ${event.total}: ${event.prompt}` };
  renderStage();
  updateEmpty();
}

function keepPreviewUrl(url) {
  previewUrls.push(url);
  while (previewUrls.length > KEEP_PREVIEW_URLS) URL.revokeObjectURL(previewUrls.shift());
}

function previewCard(id, preview, url) {
  return h("article", { class: "card preview", "data-testid": "preview-card", "data-preview-id": id, "data-job-id": preview.job_id,
                        "aria-label": `draft being painted (${id.split(".").pop()})` },
    h("figure", {},
      h("img", { src: url, alt: `preview of a draft being painted: ${preview.prompt}`, "data-testid": "preview-image" }),
      h("figcaption", {},
        h("span", { class: "badge live" }, "painting"),
        h("progress", { max: 1, value: 0, "data-testid": "preview-progress" }),
        h("span", { class: "steps" }))),
    h("p", { class: "prompt", text: preview.prompt }),
    h("div", { class: "actions designer-only" },
      h("button", { type: "button", "data-testid": "cancel-draft-button", onclick: () => send({ type: "cancel", draft_id: id }) }, "Cancel this draft")));
}

function insertPreviewCard(preview) {
  // previews sit after the finals, ordered by job and index
  const after = [...els.board.querySelectorAll(".card.preview")].find((card) => {
    const other = S.previews.get(card.dataset.previewId);
    return other && (other.job_id > preview.job_id || (other.job_id === preview.job_id && other.index > preview.index));
  });
  els.board.insertBefore(preview.card, after || null);
}

function dropPreview(id) {
  const preview = S.previews.get(id);
  if (!preview) return null;
  S.previews.delete(id);
  const next = preview.card.nextSibling;
  preview.card.remove();
  return next;
}

function onFinal(event, bytes) {
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
  const skill = event.skill || entry?.skill || "";  // finals name their skill; the job's routing is a fallback
  const src = URL.createObjectURL(new Blob([bytes], { type: event.mime || "image/png" }));
  addDraft({ id: event.draft_id, number: S.order.length + 1, parent_ids: event.parent_ids || [], job_id: event.job_id,
             skill, prompt: event.prompt, seed: event.seed, feedback: [], src }, place);  // fmt: skip
  if (match) dropPreview(match[0]);
  S.cursor = event.draft_id; // a new draft becomes the one being worked on
  refreshAll();
  stageFinal(event.draft_id);
}

function addDraft(d, before = null) {
  const draft = { id: d.id, number: d.number, parent_ids: d.parent_ids || [], job_id: d.job_id, skill: d.skill || "",
                  prompt: d.prompt || "", seed: d.seed, feedback: [...(d.feedback || [])], src: d.src, card: null };  // fmt: skip
  draft.card = draftCard(draft);
  S.drafts.set(draft.id, draft);
  S.order.push(draft.id);
  // finals keep creation order, before any preview still painting
  els.board.insertBefore(draft.card, before || els.board.querySelector(".card.preview"));
  renderFeedback(draft);
  return draft;
}

function draftCard(draft) {
  const id = draft.id;
  const n = `#${draft.number}`;
  const comment = h("input", { type: "text", maxlength: 1900, "data-testid": "comment-input", "aria-label": `comment on or refine draft ${n}`,
                               placeholder: "a comment, or what to change" });
  const rate = h("select", { "data-testid": "rate-select", "aria-label": `rate draft ${n}` },
    h("option", { value: "" }, "rate…"),
    [2, 1, 0, -1, -2].map((r) => h("option", { value: r }, r > 0 ? `+${r}` : String(r))));
  rate.addEventListener("change", () => {
    if (rate.value !== "") send({ type: "feedback", draft_id: id, rating: Number(rate.value) });
  });
  const refine = () => {
    const text = comment.value.trim();
    if (send({ type: "say", text: text ? `refine it: ${text}` : "refine it", attachments: [id] })) comment.value = "";
  };
  const parents = draft.parent_ids.length
    ? h("p", { class: "parents", "data-testid": "draft-parents" }, "from ", draft.parent_ids.map((p, i) => [i ? ", " : "", parentLink(p)]))
    : null;
  return h("article", { class: "card final", "data-testid": "draft-card", "data-draft-id": id, "data-number": draft.number,
                        "data-job-id": draft.job_id || "", "data-parent-ids": draft.parent_ids.join(" "), tabindex: -1,
                        "aria-label": `draft ${n}` },
    h("figure", {},
      h("img", { src: draft.src, alt: `draft ${n}: ${draft.prompt}`, "data-testid": "draft-image", loading: "lazy" }),
      h("figcaption", {},
        h("span", { class: "number", "data-testid": "draft-number" }, n),
        draft.skill ? h("span", { class: "badge skill", "data-testid": "draft-skill" }, draft.skill) : null,
        h("span", { class: "badge cursor-badge", "data-testid": "cursor-badge" }, "current"),
        h("span", { class: "badge picked", "data-testid": "picked-badge", hidden: true }, "★ picked"),
        h("span", { class: "badge rating", "data-testid": "rating-badge", hidden: true }))),
    h("p", { class: "prompt", "data-testid": "draft-prompt", text: draft.prompt }),
    parents,
    h("p", { class: "description", "data-testid": "description", hidden: true }),
    h("ul", { class: "comments", "data-testid": "comments" }),
    h("div", { class: "actions designer-only" },
      h("button", { type: "button", "data-testid": "pick-button", "aria-pressed": "false",
                    onclick: () => send({ type: "feedback", draft_id: id, pick: true }) }, "Pick"),
      rate,
      h("button", { type: "button", "data-testid": "select-button", onclick: () => send({ type: "select", draft_id: id }) }, "Select"),
      h("button", { type: "button", "data-testid": "branch-button", onclick: () => send({ type: "branch", draft_id: id }) }, "Branch"),
      h("button", { type: "button", "data-testid": "describe-button",
                    onclick: () => send({ type: "say", text: "describe it", attachments: [id] }) }, "Describe")),
    h("form", { class: "comment-row designer-only", onsubmit: (e) => { e.preventDefault(); refine(); } },
      comment,
      h("button", { type: "button", "data-testid": "comment-button", onclick: () => {
        const text = comment.value.trim();
        if (text && send({ type: "feedback", draft_id: id, text })) comment.value = "";
      } }, "Comment"),
      h("button", { type: "submit", "data-testid": "refine-button" }, "Refine")));
}

function parentLink(id) {
  return h("a", { href: `#draft-${id}`, "data-parent-id": id, onclick: (e) => { e.preventDefault(); focusDraft(id); } }, label(id));
}

function focusDraft(id) {
  const draft = S.drafts.get(id);
  if (!draft) return;
  draft.card.scrollIntoView({ block: "nearest", behavior: "smooth" });
  draft.card.focus({ preventScroll: true });
}

function renderFeedback(draft) {
  const card = draft.card;
  const picked = draft.feedback.some((f) => f.pick);
  card.dataset.picked = String(picked);
  card.querySelector("[data-testid=picked-badge]").hidden = !picked;
  const pick = card.querySelector("[data-testid=pick-button]");
  pick.setAttribute("aria-pressed", String(picked));
  pick.textContent = picked ? "Picked ★" : "Pick";
  const rated = draft.feedback.filter((f) => f.rating !== null && f.rating !== undefined).at(-1);
  const badge = card.querySelector("[data-testid=rating-badge]");
  badge.hidden = !rated;
  if (rated) {
    badge.textContent = `rated ${rated.rating > 0 ? "+" : ""}${rated.rating}`;
    card.dataset.rating = String(rated.rating);
    card.querySelector("[data-testid=rate-select]").value = String(rated.rating);
  }
  card.querySelector(".comments").replaceChildren(...draft.feedback.filter((f) => f.text).map((f) =>
    h("li", { "data-testid": "comment" }, h("q", {}, f.text), f.by ? h("span", { class: "by" }, ` ${speakerName(f.by)}`) : null)));
}

// ---------------------------------------------------------------------------------------------- chat

function addTurn(speaker, text, attachments = []) {
  const li = h("li", { class: `turn ${speaker === "artist" ? "artist" : "person"}`, "data-testid": "turn", "data-speaker": speaker },
    h("span", { class: "speaker" }, speakerName(speaker)),
    h("span", { class: "skill-slot" }),
    h("p", { class: "text", text }),
    attachments.length ? h("p", { class: "attachments" }, "about ", attachments.map((a, i) => [i ? ", " : "", parentLink(a)])) : null);
  els.chat.append(li);
  scrollChat();
  return li;
}

function setSpokenBy(li, operator) {
  li.querySelector(".speaker").textContent = `${speakerName(operator)} (as the artist)`;
}

function setTurnSkill(li, skill, confidence) {
  li.querySelector(".skill-slot").replaceChildren(h("span", { class: "badge skill", "data-testid": "turn-skill",
    title: confidence !== undefined ? `confidence ${confidence.toFixed(2)}` : null }, skill));
}

function showError(event) {
  els.chat.append(h("li", { class: "error", role: "alert", "data-testid": "chat-error", "data-code": event.code },
    h("code", {}, event.code), " ", event.message || "", event.field ? h("span", { class: "field" }, ` (${event.field})`) : null));
  scrollChat();
}

function showNote(text) {
  els.chat.append(h("li", { class: "note", "data-testid": "chat-note" }, text));
  scrollChat();
}

function scrollChat() {
  els.chat.scrollTop = els.chat.scrollHeight;
}

function showInvitation(event) {
  const link = h("input", { type: "text", readonly: true, value: event.url, "data-testid": "invitation-url", "aria-label": "invitation link" });
  els.invitation.replaceChildren(h("p", {}, `A link for an ${event.role} (valid until ${new Date(event.expires * 1000).toLocaleString()}):`), link);
  els.invitation.hidden = false;
  link.select();
}

// ---------------------------------------------------------------------------------------------- jobs, cursor, lineage

function renderJobs() {
  els.jobs.replaceChildren(...[...S.jobs.entries()].map(([id, entry]) =>
    h("li", { "data-testid": "job", "data-job-id": id, "data-status": entry.status },
      h("span", {}, `${jobLabel(id, entry)}: ${entry.status}${entry.status === "queued" && entry.position ? ` (${entry.position} ahead)` : ""}`),
      h("button", { type: "button", class: "designer-only", "data-testid": "cancel-job-button",
                    onclick: () => send({ type: "cancel", job_id: id }) }, "Cancel"))));
}

function renderCursor() {
  for (const draft of S.drafts.values()) {
    const current = draft.id === S.cursor;
    draft.card.classList.toggle("cursor", current);
    draft.card.dataset.cursor = String(current);
    if (current) draft.card.setAttribute("aria-current", "true");
    else draft.card.removeAttribute("aria-current");
  }
  for (const node of els.lineage.querySelectorAll("[data-draft-id]")) {
    node.classList.toggle("cursor", node.dataset.draftId === S.cursor);
  }
}

function renderLineage() {
  const children = new Map();
  const roots = [];
  for (const id of S.order) {
    const known = S.drafts.get(id).parent_ids.filter((p) => S.drafts.has(p));
    if (!known.length) roots.push(id);
    for (const p of known) {
      if (!children.has(p)) children.set(p, []);
      children.get(p).push(id);
    }
  }
  const branch = (ids, depth) => h("ul", { role: depth ? "group" : "tree", "aria-label": depth ? null : "draft lineage" },
    ids.map((id) => {
      const draft = S.drafts.get(id);
      const kids = children.get(id) || [];
      return h("li", { role: "treeitem", "aria-expanded": kids.length ? "true" : null },
        h("button", { type: "button", class: "node", "data-testid": "lineage-node", "data-draft-id": id,
                      "data-parent-ids": draft.parent_ids.join(" "), onclick: () => focusDraft(id) },
          `#${draft.number}`, draft.skill ? h("small", {}, ` ${draft.skill}`) : null),
        kids.length && depth < 64 ? branch(kids, depth + 1) : null);
    }));
  els.lineage.replaceChildren(roots.length ? branch(roots, 0) : h("p", { class: "empty" }, "Nothing painted yet."));
}

function updateEmpty() {
  els.empty.hidden = S.order.length > 0 || S.previews.size > 0;
}

function refreshAll() {
  renderJobs();
  renderLineage();
  renderCursor();
  updateEmpty();
}

// ---------------------------------------------------------------------------------------------- stage view

function stageFinal(id) {
  const draft = S.drafts.get(id);
  S.stage = draft ? { kind: "final", id, number: draft.number, src: draft.src, caption: `#${draft.number} ${draft.prompt}` } : null;
  renderStage();
}

/** After a preview ends: the newest preview still painting, else the newest draft. */
function restage() {
  if (S.stage?.kind === "preview" && S.previews.has(S.stage.id)) return;
  const live = [...S.previews.entries()].at(-1);
  if (live) {
    const [id, p] = live;
    S.stage = { kind: "preview", id, src: p.url, caption: `painting… step ${p.step} of ${p.total}: ${p.prompt}` };
    renderStage();
  } else if (S.order.length) {
    stageFinal(S.order.at(-1));
  } else {
    S.stage = null;
    renderStage();
  }
  updateEmpty();
}

function renderStage() {
  const stage = S.stage;
  els.stage.dataset.kind = stage?.kind || "empty";
  els.stageImage.dataset.kind = stage?.kind || "empty";
  els.stageImage.dataset.draftId = stage?.id || "";
  els.stageImage.dataset.number = stage?.number ?? "";
  if (stage) {
    if (els.stageImage.getAttribute("src") !== stage.src) els.stageImage.src = stage.src;
    els.stageImage.alt = stage.caption;
    els.stageImage.hidden = false;
  } else {
    els.stageImage.removeAttribute("src");
    els.stageImage.hidden = true;
  }
  els.stageCaption.textContent = stage ? stage.caption : "waiting for the first draft…";
}

function setStage(on) {
  els.stage.hidden = !on;
  document.body.classList.toggle("staged", on);
  els.stageToggle.setAttribute("aria-pressed", String(on));
  if (on) params.set("view", "stage");
  else params.delete("view");
  replaceUrl();
  if (on) $("stage-exit").focus();
  else els.stageToggle.focus();
}

// ---------------------------------------------------------------------------------------------- controls

els.composer.addEventListener("submit", (e) => {
  e.preventDefault();
  const text = els.prompt.value.trim();
  if (text && send({ type: "say", text })) els.prompt.value = "";
});
els.prompt.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    els.composer.requestSubmit();
  }
});
$("undo").addEventListener("click", () => send({ type: "undo" }));
$("redo").addEventListener("click", () => send({ type: "redo" }));
$("invite").addEventListener("click", () => send({ type: "invite", role: "observer" }));
$("new-session").addEventListener("click", () => switchSession(null));
els.stageToggle.addEventListener("click", () => setStage(els.stage.hidden));
$("stage-exit").addEventListener("click", () => setStage(false));
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !els.stage.hidden) setStage(false);
});
els.upload.addEventListener("change", async () => {
  const file = els.upload.files[0];
  els.upload.value = "";
  if (!file) return;
  if (!UPLOAD_MIMES.includes(file.type)) {
    showError({ code: "upload.unsupported", message: `${file.name}: upload a PNG, JPEG or WebP image`, field: "mime" });
    return;
  }
  send(joinBinary({ type: "upload", mime: file.type, name: file.name.slice(0, 200) }, await file.arrayBuffer()));
});
window.addEventListener("hashchange", () => {
  const id = new URLSearchParams(location.hash.slice(1)).get("session") || null;
  if (id !== S.session) switchSession(id);
});
window.addEventListener("pagehide", () => { unloading = true; });
window.addEventListener("online", () => {
  if (!ws && !refused && !paused) connect();
});

// for tests and debugging: what arrived, the state, and a way to drop the connection and resume later
window.studiolo = {
  trace, state: S,
  pause() { paused = true; const old = ws; if (old) old.close(4000, "paused"); },
  resume() { paused = false; attempts = 0; if (!ws) connect(); },
};

// ---------------------------------------------------------------------------------------------- start

rebuild(null);
if (params.get("view") === "stage") setStage(true);
if (!token) {
  refused = true;
  setStatus("refused", "no token: open the link the server printed (…/?token=…)");
  showError({ code: "auth.invalid_token", message: "this page needs a token: open it as /?token=<your token>", field: "token" });
} else {
  connect();
}
