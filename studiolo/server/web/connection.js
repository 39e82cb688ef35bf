// The websocket: protocol v1 (docs/architecture.md, "Wire protocol"). `hello` first, then the server's `welcome`
// (a state snapshot) and the events after it. Durable events carry dense seqs (1, 2, 3, ...); after a dropped
// connection the page says hello again with `resume_from` = the last durable seq it applied and the server replays
// the rest. Previews are transient (they carry the seq of the last durable event); drafts arrive as binary frames:
// uint32 big-endian header length | UTF-8 JSON header | image bytes.

import { $ } from "./dom.js";
import { setWords, t } from "./i18n.js";
import { config, S, trace } from "./state.js";

const REFUSED_CLOSES = new Set([4001, 4002]); // bad token or session, no hello: retrying would not help
const MAX_BACKOFF_MS = 15000;

let ws = null;
let attempts = 0;
let retryTimer = null;
let refused = false;
let paused = false;
let unloading = false;
let handlers = null; // {welcome(event, incremental), refusal(event), event(event, bytes), preview(event, bytes), answer(event), error(event)}

const status = $("status");

export function setStatus(state, key, vars = {}) {
  status.dataset.state = state;
  setWords(status, key, vars);
  document.body.dataset.connection = state;
}

export function start(on) {
  handlers = on;
  window.addEventListener("pagehide", () => { unloading = true; });
  window.addEventListener("online", () => { if (!ws && !refused && !paused) connect(); });
  if (!config.token) {
    refused = true;
    setStatus("refused", "no_token");
    handlers.error({ code: "auth.invalid_token", message: t("needs_token"), field: "token" });
    return;
  }
  connect();
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
  setStatus(attempts ? "reconnecting" : "connecting", attempts ? "reconnecting" : "connecting");
  sock.onopen = () => {
    if (sock !== ws) return;
    const hello = { type: "hello", protocol: 1, token: config.token, session: S.session, resume_from: resumeFrom, name: config.name };
    // else the role the token grants; a stage changes nothing, so it watches as an observer where it can
    const role = config.role || (config.stage && S.session ? "observer" : null);
    if (role) hello.role = role;
    sock.send(JSON.stringify(hello));
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
    if (status.dataset.state !== "refused") setStatus("refused", "refused", { reason: event.reason || event.code });
    return;
  }
  const delay = event.code === 4008 && attempts === 0 ? 100 // too slow: resume at once
    : Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
  attempts += 1;
  setStatus("reconnecting", "reconnecting_in", { seconds: (delay / 1000).toFixed(1) });
  retryTimer = setTimeout(connect, delay);
}

/** Send a message (an object, or an upload's binary frame); false, and an error shown, when offline. */
export function send(message) {
  if (!ws || ws.readyState !== WebSocket.OPEN || !S.welcomed) {
    handlers.error({ code: "client.offline", message: t("offline") });
    return false;
  }
  ws.send(message instanceof ArrayBuffer ? message : JSON.stringify(message));
  return true;
}

/** Close and reconnect at once, resuming after the last durable seq (a gap was seen, or the images' signed
 * addresses expired: the new welcome signs them afresh). */
export function resync() {
  const old = ws;
  ws = null;
  if (old) old.close(4000, "resync");
  connect();
}

/** Leave this session for another (null: a new one); the caller clears what is shown. */
export function switchSession(id) {
  const old = ws;
  ws = null;
  if (old) old.close(1000, "switching session");
  refused = false;
  attempts = 0;
  S.session = id;
  S.lastSeq = null;
  connect();
}

// for tests and debugging: drop the connection and resume later
export function pause() {
  paused = true;
  const old = ws;
  if (old) old.close(4000, "paused");
}

export function resume() {
  paused = false;
  attempts = 0;
  if (!ws) connect();
}

export function splitBinary(buffer) {
  const length = new DataView(buffer).getUint32(0, false);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
  return { header, bytes: new Uint8Array(buffer, 4 + length) };
}

export function joinBinary(header, bytes) {
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
    case "invitation":
    case "print.link": return handlers.answer(event);
    case "draft.preview": return S.welcomed ? handlers.preview(event, bytes) : undefined;
    case "error":
      if (!S.welcomed) return onRefusal(event);
      if (event.seq !== S.lastSeq + 1) return handlers.error(event); // an answer to this connection: no seq of its own
  }
  if (!S.welcomed) return;
  if (event.seq <= S.lastSeq) return; // already applied (a replay that overlaps)
  if (event.seq > S.lastSeq + 1) {
    console.warn(`studiolo: missed events ${S.lastSeq + 1} to ${event.seq - 1}; resuming`);
    return resync();
  }
  S.lastSeq = event.seq;
  handlers.event(event, bytes);
}

function onRefusal(event) {
  if (!event.code.startsWith("resume.")) { // else the server forgot what we had: its welcome's snapshot follows
    refused = true;
    setStatus("refused", "refused", { reason: event.code });
  }
  handlers.refusal(event);
}

function onWelcome(event, requestedResume) {
  S.welcomed = true;
  S.participant = event.participant;
  S.role = event.role;
  S.session = event.session;
  const incremental = requestedResume !== null && S.lastSeq !== null && event.resume_from === requestedResume;
  if (!incremental) S.lastSeq = event.seq;
  attempts = 0;
  refused = false;
  handlers.welcome(event, incremental);
  setStatus("connected", "connected", { name: event.participant, role: event.role });
}
