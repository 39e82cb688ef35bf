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

// ---------------------------------------------------------------------------------------------- the page's words

// The page speaks English or Korean: the browser's language, until the designer picks one with the EN/한 toggle
// (remembered). Each element keeps the key of its words (data-i18n for its text, data-i18n-attrs for attributes,
// data-i18n-vars for what fills them), so a switch re-words the page in place; what was said in the chat stays.
const LANG_KEY = "studiolo.lang";
const WORDS = {
  en: {
    skip: "Skip to the message box", session_title: "session id", tools: "Session tools", connecting: "connecting…",
    reconnecting: "reconnecting…", reconnecting_in: "disconnected; reconnecting in {seconds} s", paused: "paused",
    refused: "refused ({reason})", connected: "connected as {name} ({role})", no_token: "no token: open the link the server printed (…/?token=…)",
    undo: "Undo", undo_title: "Move the cursor back", redo: "Redo", redo_title: "Move the cursor forward again",
    upload: "Upload image", invite: "Invite observer", stage_view: "Stage view", new_session: "New session",
    language: "Language", conversation: "Conversation", message_label: "Message to the artist",
    message_placeholder: "paint flowers blooming on Venus (Enter sends, Shift+Enter for a new line)", send: "Send",
    drafts: "Drafts", jobs: "Jobs in progress", board_empty: "No drafts yet: ask the artist for something.",
    lineage: "Lineage", draft_lineage: "draft lineage", nothing_painted: "Nothing painted yet.", stage: "Stage view",
    stage_exit: "Exit stage view (Esc)", stage_waiting: "waiting for the first draft…",
    stage_painting: "painting… step {step} of {total}: {prompt}", persona: "artist: {name}", session: "session {id}",
    you: "you", as_artist: "{name} (as the artist)", about: "about ", from: "from ", draft: "draft {n}",
    draft_alt: "draft {n}: {prompt}", current: "current", picked_badge: "★ picked", pick: "Pick", picked: "Picked ★",
    pick_title: "Pick this draft: the next request works from it", rate: "rate…", rate_label: "rate draft {n}",
    rated: "rated {rating}", branch: "Branch", describe: "Describe", comment: "Comment", refine: "Refine",
    comment_label: "comment on or refine draft {n}", comment_placeholder: "a comment, or what to change",
    missing: "missing: {things}", adherence: "{percent}% of what was asked, by the self-check",
    checks_failed: "{percent}% of what was asked; not met: {checks}", checks_passed: "{percent}% of what was asked; every check passed",
    painting: "painting", steps: "step {step} of {total}", cancel_draft: "Cancel this draft", cancel: "Cancel",
    preview_label: "draft being painted ({index})", preview_alt: "preview of a draft being painted: {prompt}",
    job: "{skill} (job {n})", a_job: "a job", queued: "queued", running: "running", ahead: " ({n} ahead)",
    job_failed: "{job} failed: {message}", job_cancelled: "{job} was cancelled", reset_by: "the session was reset by {name}",
    resynchronised: "resynchronised: {message}", start_new_session: "Start a new session",
    offline: "not connected to the server; try again in a moment", unsupported: "{name}: upload a PNG, JPEG or WebP image",
    needs_token: "this page needs a token: open it as /?token=<your token>", invitation: "A link for an {role} (valid until {until}):",
    invitation_url: "invitation link",
    // what the card's buttons say to the artist, in the designer's language
    say_describe: "describe it", say_refine: "refine it", say_refine_with: "refine it: {text}",
  },
  ko: {
    skip: "메시지 입력란으로 건너뛰기", session_title: "세션 ID", tools: "세션 도구", connecting: "연결 중…",
    reconnecting: "다시 연결 중…", reconnecting_in: "연결이 끊겼어요. {seconds}초 뒤에 다시 연결해요", paused: "일시 정지",
    refused: "거부됨 ({reason})", connected: "{name}(으)로 연결됨 ({role})", no_token: "토큰이 없어요: 서버가 알려 준 링크(…/?token=…)로 여세요",
    undo: "되돌리기", undo_title: "커서를 이전 초안으로", redo: "다시 하기", redo_title: "커서를 다시 앞으로",
    upload: "이미지 올리기", invite: "관찰자 초대", stage_view: "무대 보기", new_session: "새 세션",
    language: "언어", conversation: "대화", message_label: "작가에게 보낼 메시지",
    message_placeholder: "금성에 핀 꽃을 그려 줘 (Enter로 보내기, Shift+Enter로 줄 바꿈)", send: "보내기",
    drafts: "초안", jobs: "진행 중인 작업", board_empty: "아직 초안이 없어요. 작가에게 무언가를 부탁해 보세요.",
    lineage: "계보", draft_lineage: "초안 계보", nothing_painted: "아직 그린 것이 없어요.", stage: "무대 보기",
    stage_exit: "무대 보기 끝내기 (Esc)", stage_waiting: "첫 초안을 기다리는 중…",
    stage_painting: "그리는 중… {total}단계 중 {step}단계: {prompt}", persona: "작가: {name}", session: "세션 {id}",
    you: "나", as_artist: "{name} (작가로서)", about: "대상: ", from: "출처: ", draft: "초안 {n}",
    draft_alt: "초안 {n}: {prompt}", current: "현재", picked_badge: "★ 선택됨", pick: "선택", picked: "선택됨 ★",
    pick_title: "이 초안을 선택해요: 다음 요청은 이 초안에서 이어져요", rate: "평가…", rate_label: "초안 {n} 평가",
    rated: "평가 {rating}", branch: "가지치기", describe: "설명", comment: "댓글", refine: "다듬기",
    comment_label: "초안 {n}에 댓글 또는 다듬을 점", comment_placeholder: "댓글, 또는 바꿀 점",
    missing: "빠짐: {things}", adherence: "요청의 {percent}%를 그렸어요 (자체 점검)",
    checks_failed: "요청의 {percent}%; 못 맞춘 것: {checks}", checks_passed: "요청의 {percent}%; 모든 점검 통과",
    painting: "그리는 중", steps: "{total}단계 중 {step}단계", cancel_draft: "이 초안 취소", cancel: "취소",
    preview_label: "그리는 중인 초안 ({index})", preview_alt: "그리는 중인 초안 미리보기: {prompt}",
    job: "{skill} (작업 {n})", a_job: "작업", queued: "대기 중", running: "진행 중", ahead: " (앞에 {n}개)",
    job_failed: "{job} 실패: {message}", job_cancelled: "{job} 취소됨", reset_by: "{name} 님이 세션을 초기화했어요",
    resynchronised: "다시 맞췄어요: {message}", start_new_session: "새 세션 시작",
    offline: "서버에 연결되어 있지 않아요. 잠시 뒤에 다시 해 보세요", unsupported: "{name}: PNG, JPEG, WebP 이미지를 올려 주세요",
    needs_token: "이 페이지에는 토큰이 필요해요: /?token=<토큰>으로 여세요", invitation: "{role} 초대 링크 ({until}까지 유효):",
    invitation_url: "초대 링크",
    say_describe: "이 그림을 설명해 줘", say_refine: "좀 더 다듬어 줘", say_refine_with: "다듬어 줘: {text}",
  },
};
const LANGS = Object.keys(WORDS);
let lang = LANGS.includes(localStorage.getItem(LANG_KEY)) ? localStorage.getItem(LANG_KEY)
  : navigator.language.toLowerCase().startsWith("ko") ? "ko" : "en";

/** The page's words for `key`, in its language, with {names} filled from `vars`. */
function t(key, vars = {}) {
  return WORDS[lang][key].replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

/** Word `el` in the page's language: its text (data-i18n) and attributes (data-i18n-attrs: "title:key ..."). */
function localize(el) {
  const vars = el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {};
  if (el.dataset.i18n) el.textContent = t(el.dataset.i18n, vars);
  for (const pair of (el.dataset.i18nAttrs || "").split(" ").filter(Boolean)) {
    const [attribute, key] = pair.split(":");
    el.setAttribute(attribute, t(key, vars));
  }
}

/** Give `el` the words of `key` (and what fills them), now and after a switch of language. */
function setWords(el, key, vars = {}) {
  el.dataset.i18n = key;
  el.dataset.i18nVars = JSON.stringify(vars);
  localize(el);
}

function clearWords(el) {
  delete el.dataset.i18n;
  delete el.dataset.i18nVars;
  el.textContent = "";
}

function setLanguage(chosen) {
  lang = chosen;
  localStorage.setItem(LANG_KEY, chosen);
  document.documentElement.lang = chosen;
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === chosen));
  for (const el of document.querySelectorAll("[data-i18n], [data-i18n-attrs]")) localize(el);
  refreshAll(); // jobs and lineage are drawn from the state, in the words of the moment
  renderStage();
}

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
  stage: null, // what the stage shows: {kind: "final"|"preview", id, number, src, prompt, step, total}
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

/** An element: `attrs` are its attributes, except class, text, on<event>, and the page's words: i18n (the key
 * of its text), i18nAttrs ({attribute: key}) and vars (what fills them). */
function h(tag, attrs = {}, ...children) {
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
  if (speaker === S.participant) return t("you");
  return speaker;
}

/** A speaker's name, as an element that follows a switch of language when the speaker is "you". */
function speakerEl(speaker, attrs = {}) {
  return speaker === S.participant ? h("span", { ...attrs, i18n: "you" }) : h("span", { ...attrs, text: speakerName(speaker) });
}

// ---------------------------------------------------------------------------------------------- connection

let ws = null;
let attempts = 0;
let retryTimer = null;
let refused = false;
let paused = false;
let unloading = false;

function setStatus(state, key, vars = {}) {
  els.status.dataset.state = state;
  setWords(els.status, key, vars);
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
  setStatus(attempts ? "reconnecting" : "connecting", attempts ? "reconnecting" : "connecting");
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
    if (els.status.dataset.state !== "refused") setStatus("refused", "refused", { reason: event.reason || event.code });
    return;
  }
  const delay = event.code === 4008 && attempts === 0 ? 100 // too slow: resume at once
    : Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
  attempts += 1;
  setStatus("reconnecting", "reconnecting_in", { seconds: (delay / 1000).toFixed(1) });
  retryTimer = setTimeout(connect, delay);
}

function send(message) {
  if (!ws || ws.readyState !== WebSocket.OPEN || !S.welcomed) {
    showError({ code: "client.offline", message: t("offline") });
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
    showNote(t("resynchronised", { message: event.message }));
    return;
  }
  refused = true;
  setStatus("refused", "refused", { reason: event.code });
  showError(event);
  if (event.code === "session.not_found" && role === "designer") {
    els.chat.append(h("li", { class: "note" },
      h("button", { type: "button", "data-testid": "start-new-session", i18n: "start_new_session", onclick: () => switchSession(null) })));
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
  setWords(els.sessionLabel, "session", { id: event.session });
  setStatus("connected", "connected", { name: event.participant, role: event.role });
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
  if (S.persona) setWords(els.persona, "persona", { name: S.persona });
  else clearWords(els.persona);
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
      showNote(t("reset_by", { name: speakerName(event.by) }));
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
  if (event.type === "job.failed") showError({ code: event.code, message: t("job_failed", { job: jobLabel(event.job_id, ended), message: event.message }) });
  if (event.type === "job.cancelled") showNote(t("job_cancelled", { job: jobLabel(event.job_id, ended) }));
  renderJobs();
  restage();
}

function jobLabel(id, entry) {
  return entry?.skill ? t("job", { skill: entry.skill, n: id.split("-job")[1] || id }) : t("a_job");
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
  setWords(preview.card.querySelector(".steps"), "steps", { step: event.step, total: event.total });
  S.stage = { kind: "preview", id: event.draft_id, src: url, prompt: event.prompt, step: event.step, total: event.total };
  renderStage();
  updateEmpty();
}

function keepPreviewUrl(url) {
  previewUrls.push(url);
  while (previewUrls.length > KEEP_PREVIEW_URLS) URL.revokeObjectURL(previewUrls.shift());
}

function previewCard(id, preview, url) {
  return h("article", { class: "card preview", "data-testid": "preview-card", "data-preview-id": id, "data-job-id": preview.job_id,
                        i18nAttrs: { "aria-label": "preview_label" }, vars: { index: id.split(".").pop() } },
    h("figure", {},
      h("img", { src: url, "data-testid": "preview-image", i18nAttrs: { alt: "preview_alt" }, vars: { prompt: preview.prompt } }),
      h("figcaption", {},
        h("span", { class: "badge live", i18n: "painting" }),
        h("progress", { max: 1, value: 0, "data-testid": "preview-progress" }),
        h("span", { class: "steps" }))),
    h("p", { class: "prompt", text: preview.prompt }),
    h("div", { class: "actions designer-only" },
      h("button", { type: "button", "data-testid": "cancel-draft-button", i18n: "cancel_draft", onclick: () => send({ type: "cancel", draft_id: id }) })));
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
             skill, prompt: event.prompt, seed: event.seed, faithfulness: event.faithfulness, feedback: [], src }, place);  // fmt: skip
  if (match) dropPreview(match[0]);
  S.cursor = event.draft_id; // a new draft becomes the one being worked on
  refreshAll();
  stageFinal(event.draft_id);
}

function addDraft(d, before = null) {
  const draft = { id: d.id, number: d.number, parent_ids: d.parent_ids || [], job_id: d.job_id, skill: d.skill || "",
                  prompt: d.prompt || "", seed: d.seed, faithfulness: d.faithfulness ?? null, feedback: [...(d.feedback || [])],
                  src: d.src, card: null };  // fmt: skip
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
  const comment = h("input", { type: "text", maxlength: 1900, "data-testid": "comment-input", vars: { n },
                               i18nAttrs: { "aria-label": "comment_label", placeholder: "comment_placeholder" } });
  const rate = h("select", { "data-testid": "rate-select", i18nAttrs: { "aria-label": "rate_label" }, vars: { n } },
    h("option", { value: "", i18n: "rate" }),
    [2, 1, 0, -1, -2].map((r) => h("option", { value: r }, r > 0 ? `+${r}` : String(r))));
  rate.addEventListener("change", () => {
    if (rate.value !== "") send({ type: "feedback", draft_id: id, rating: Number(rate.value) });
  });
  const refine = () => {
    const text = comment.value.trim();
    if (send({ type: "say", text: text ? t("say_refine_with", { text }) : t("say_refine"), attachments: [id] })) comment.value = "";
  };
  const parents = draft.parent_ids.length
    ? h("p", { class: "parents", "data-testid": "draft-parents" }, h("span", { i18n: "from" }), draft.parent_ids.map((p, i) => [i ? ", " : "", parentLink(p)]))
    : null;
  return h("article", { class: "card final", "data-testid": "draft-card", "data-draft-id": id, "data-number": draft.number,
                        "data-job-id": draft.job_id || "", "data-parent-ids": draft.parent_ids.join(" "), tabindex: -1,
                        i18nAttrs: { "aria-label": "draft" }, vars: { n } },
    h("figure", {},
      h("img", { src: draft.src, "data-testid": "draft-image", loading: "lazy", i18nAttrs: { alt: "draft_alt" }, vars: { n, prompt: draft.prompt } }),
      h("figcaption", {},
        h("span", { class: "number", "data-testid": "draft-number" }, n),
        draft.skill ? h("span", { class: "badge skill", "data-testid": "draft-skill" }, draft.skill) : null,
        adherenceBadge(draft.faithfulness),
        h("span", { class: "badge cursor-badge", "data-testid": "cursor-badge", i18n: "current" }),
        h("span", { class: "badge picked", "data-testid": "picked-badge", hidden: true, i18n: "picked_badge" }),
        h("span", { class: "badge rating", "data-testid": "rating-badge", hidden: true }))),
    h("p", { class: "prompt", "data-testid": "draft-prompt", text: draft.prompt }),
    faithfulnessLine(draft.faithfulness),
    parents,
    h("p", { class: "description", "data-testid": "description", hidden: true }),
    h("ul", { class: "comments", "data-testid": "comments" }),
    h("div", { class: "actions designer-only" },
      // picking a draft is what selects it: the next request works from the draft picked
      h("button", { type: "button", "data-testid": "pick-button", "aria-pressed": "false", i18nAttrs: { title: "pick_title" },
                    onclick: () => send({ type: "feedback", draft_id: id, pick: true }) }),
      rate,
      h("button", { type: "button", "data-testid": "branch-button", i18n: "branch", onclick: () => send({ type: "branch", draft_id: id }) }),
      h("button", { type: "button", "data-testid": "describe-button", i18n: "describe",
                    onclick: () => send({ type: "say", text: t("say_describe"), attachments: [id] }) })),
    h("form", { class: "comment-row designer-only", onsubmit: (e) => { e.preventDefault(); refine(); } },
      comment,
      h("button", { type: "button", "data-testid": "comment-button", i18n: "comment", onclick: () => {
        const text = comment.value.trim();
        if (text && send({ type: "feedback", draft_id: id, text })) comment.value = "";
      } }),
      h("button", { type: "submit", "data-testid": "refine-button", i18n: "refine" })));
}

/** What a draft drew instead of what was asked, and what it left out: "koi → fish · missing: xylophone". */
function faithfulnessLine(faithfulness) {
  if (!faithfulness) return null;
  const parts = [];
  const standIns = Object.entries(faithfulness.approximated || {}).map(([word, drawn]) => `${word} → ${drawn}`).join(", ");
  if (standIns) parts.push(h("span", { class: "approximated", "data-testid": "draft-approximated" }, standIns));
  if (faithfulness.missing?.length) {
    parts.push(h("span", { class: "missing", "data-testid": "draft-missing", i18n: "missing", vars: { things: faithfulness.missing.join(", ") } }));
  }
  return parts.length ? h("p", { class: "faithfulness", "data-testid": "draft-faithfulness" }, parts.map((part, i) => [i ? " · " : "", part])) : null;
}

/** How much of what was asked the self-check found (92%), the checks it failed in its title. */
function adherenceBadge(faithfulness) {
  const adherence = faithfulness?.adherence;
  if (adherence === null || adherence === undefined) return null;
  const failed = (faithfulness.checks || []).filter((c) => !c.passed).map((c) => (c.wanted ? `${c.name} (${c.wanted})` : c.name));
  const percent = Math.round(adherence * 100);
  return h("span", { class: "badge adherence", "data-testid": "adherence-badge", "data-low": String(adherence < 0.7),
                     i18nAttrs: { title: failed.length ? "checks_failed" : "checks_passed" }, vars: { percent, checks: failed.join(", ") } },
    `${percent}%`);
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
  setWords(pick, picked ? "picked" : "pick");
  const rated = draft.feedback.filter((f) => f.rating !== null && f.rating !== undefined).at(-1);
  const badge = card.querySelector("[data-testid=rating-badge]");
  badge.hidden = !rated;
  if (rated) {
    setWords(badge, "rated", { rating: `${rated.rating > 0 ? "+" : ""}${rated.rating}` });
    card.dataset.rating = String(rated.rating);
    card.querySelector("[data-testid=rate-select]").value = String(rated.rating);
  }
  card.querySelector(".comments").replaceChildren(...draft.feedback.filter((f) => f.text).map((f) =>
    h("li", { "data-testid": "comment" }, h("q", {}, f.text), f.by ? [" ", speakerEl(f.by, { class: "by" })] : null)));
}

// ---------------------------------------------------------------------------------------------- chat

function addTurn(speaker, text, attachments = []) {
  const li = h("li", { class: `turn ${speaker === "artist" ? "artist" : "person"}`, "data-testid": "turn", "data-speaker": speaker },
    speakerEl(speaker, { class: "speaker" }),
    h("span", { class: "skill-slot" }),
    h("p", { class: "text", text }),
    attachments.length ? h("p", { class: "attachments" }, h("span", { i18n: "about" }), attachments.map((a, i) => [i ? ", " : "", parentLink(a)])) : null);
  els.chat.append(li);
  scrollChat();
  return li;
}

function setSpokenBy(li, operator) {
  setWords(li.querySelector(".speaker"), "as_artist", { name: speakerName(operator) });
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
  const link = h("input", { type: "text", readonly: true, value: event.url, "data-testid": "invitation-url", i18nAttrs: { "aria-label": "invitation_url" } });
  els.invitation.replaceChildren(h("p", { i18n: "invitation", vars: { role: event.role, until: new Date(event.expires * 1000).toLocaleString(lang) } }), link);
  els.invitation.hidden = false;
  link.select();
}

// ---------------------------------------------------------------------------------------------- jobs, cursor, lineage

function renderJobs() {
  els.jobs.replaceChildren(...[...S.jobs.entries()].map(([id, entry]) =>
    h("li", { "data-testid": "job", "data-job-id": id, "data-status": entry.status },
      h("span", {}, `${jobLabel(id, entry)}: ${t(entry.status)}${entry.status === "queued" && entry.position ? t("ahead", { n: entry.position }) : ""}`),
      h("button", { type: "button", class: "designer-only", "data-testid": "cancel-job-button", i18n: "cancel",
                    onclick: () => send({ type: "cancel", job_id: id }) }))));
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
  const branch = (ids, depth) => h("ul", { role: depth ? "group" : "tree", "aria-label": depth ? null : t("draft_lineage") },
    ids.map((id) => {
      const draft = S.drafts.get(id);
      const kids = children.get(id) || [];
      return h("li", { role: "treeitem", "aria-expanded": kids.length ? "true" : null },
        h("button", { type: "button", class: "node", "data-testid": "lineage-node", "data-draft-id": id,
                      "data-parent-ids": draft.parent_ids.join(" "), onclick: () => focusDraft(id) },
          `#${draft.number}`, draft.skill ? h("small", {}, ` ${draft.skill}`) : null),
        kids.length && depth < 64 ? branch(kids, depth + 1) : null);
    }));
  els.lineage.replaceChildren(roots.length ? branch(roots, 0) : h("p", { class: "empty", i18n: "nothing_painted" }));
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
  S.stage = draft ? { kind: "final", id, number: draft.number, src: draft.src, prompt: draft.prompt } : null;
  renderStage();
}

/** After a preview ends: the newest preview still painting, else the newest draft. */
function restage() {
  if (S.stage?.kind === "preview" && S.previews.has(S.stage.id)) return;
  const live = [...S.previews.entries()].at(-1);
  if (live) {
    const [id, p] = live;
    S.stage = { kind: "preview", id, src: p.url, prompt: p.prompt, step: p.step, total: p.total };
    renderStage();
  } else if (S.order.length) {
    stageFinal(S.order.at(-1));
  } else {
    S.stage = null;
    renderStage();
  }
  updateEmpty();
}

function stageCaption(stage) {
  if (!stage) return t("stage_waiting");
  return stage.kind === "final" ? `#${stage.number} ${stage.prompt}` : t("stage_painting", stage);
}

function renderStage() {
  const stage = S.stage;
  els.stage.dataset.kind = stage?.kind || "empty";
  els.stageImage.dataset.kind = stage?.kind || "empty";
  els.stageImage.dataset.draftId = stage?.id || "";
  els.stageImage.dataset.number = stage?.number ?? "";
  if (stage) {
    if (els.stageImage.getAttribute("src") !== stage.src) els.stageImage.src = stage.src;
    els.stageImage.alt = stageCaption(stage);
    els.stageImage.hidden = false;
  } else {
    els.stageImage.removeAttribute("src");
    els.stageImage.hidden = true;
  }
  els.stageCaption.textContent = stageCaption(stage);
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
for (const button of document.querySelectorAll("[data-lang]")) button.addEventListener("click", () => setLanguage(button.dataset.lang));
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
    showError({ code: "upload.unsupported", message: t("unsupported", { name: file.name }), field: "mime" });
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

setLanguage(lang);
rebuild(null);
if (params.get("view") === "stage") setStage(true);
if (!token) {
  refused = true;
  setStatus("refused", "no_token");
  showError({ code: "auth.invalid_token", message: t("needs_token"), field: "token" });
} else {
  connect();
}
