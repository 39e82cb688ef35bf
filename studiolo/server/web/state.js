// What the page knows: who it is (token, role asked for, participant name) and the session as shown.

import { randomHex } from "./dom.js";

const TOKEN_KEY = "studiolo.token";
const NAME_KEY = "studiolo.name";
const LAST_SESSION_KEY = "studiolo.session"; // the session this browser last worked in
const ROLES = ["designer", "observer", "operator"];

export const params = new URLSearchParams(location.search);

let token = params.get("token");
if (token !== null) {
  sessionStorage.setItem(TOKEN_KEY, token); // a reload works; the address bar no longer shows the token
  params.delete("token");
} else {
  token = sessionStorage.getItem(TOKEN_KEY) || "";
}

// One participant name per browser (kept in localStorage), so a reload or a new tab of the same person is the
// same participant: their own turns read "you", and they may still cancel their own jobs.
const name = params.get("name") || localStorage.getItem(NAME_KEY) || `person-${randomHex(6)}`;
if (!params.get("name")) localStorage.setItem(NAME_KEY, name);

export const config = {
  token,
  // null: the role the token grants (an invitation opens in the role it was made for)
  role: ROLES.includes(params.get("role")) ? params.get("role") : null,
  name,
  stage: params.get("view") === "stage", // opened as the stage view (a projector, a second screen)
};

const linked = new URLSearchParams(location.hash.slice(1)).get("session");
// the printed link plus ?view=stage shows the stage of the session last worked in here, not a new empty one
const remembered = !linked && config.stage ? localStorage.getItem(LAST_SESSION_KEY) : null;

export const S = {
  session: linked || remembered || null,
  remembered: Boolean(remembered), // the session came from memory (it may be gone: then a new one)
  participant: null,
  role: config.role,
  persona: "",
  lastSeq: null, // the last durable seq applied; null until the first welcome
  drafts: new Map(), // id -> {id, number, parent_ids, job_id, skill, prompt, seed, feedback, src, card, isNew}
  order: [], // draft ids in creation order (#1, #2, ...)
  cursor: null,
  jobs: new Map(), // job id -> {status, position, skill}
  previews: new Map(), // "<job id>.<index>" -> {job_id, index, seed, step, total, url, card}
  settled: new Set(), // preview slots (and jobs) that are over: late previews for them are ignored
  pendingSkill: null, // what the last turn was routed to: the skill of the next queued job
  streaming: null, // the artist's reply being streamed: {el, text}
  turnEls: new Map(), // a turn's seq -> its chat line, where turn.routed tags the skill it went to
  stage: null, // what the stage shows: {kind: "final"|"preview", id, number, src, prompt, step, total}
  welcomed: false,
};

export const trace = []; // what arrived, in order (for tests and debugging): {type, seq, id, t}

export function rememberSession() {
  if (S.session && S.role !== "observer") localStorage.setItem(LAST_SESSION_KEY, S.session);
  S.remembered = false;
}

export function replaceUrl() {
  const query = params.toString();
  const hash = S.session ? `#session=${S.session}` : "";
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${hash}`);
}

export function label(id) {
  const draft = S.drafts.get(id);
  return draft ? `#${draft.number}` : id.slice(0, 8);
}
