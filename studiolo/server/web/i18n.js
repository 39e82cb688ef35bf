// The page's own words, in English and Korean: the browser's language until the designer picks one with the
// EN/한 switch (remembered). Each element keeps the key of its words (data-i18n for its text, data-i18n-attrs for
// attributes, data-i18n-vars for what fills them), so a switch re-words the page in place; what was said in the
// chat stays as it was said.

const LANG_KEY = "studiolo.lang";

export const WORDS = {
  en: {
    skip: "Skip to the message box", session_title: "session id", tools: "Session tools", connecting: "connecting…",
    reconnecting: "reconnecting…", reconnecting_in: "disconnected; reconnecting in {seconds} s", paused: "paused",
    refused: "refused ({reason})", connected: "connected as {name} ({role})", no_token: "no token: open the link the server printed (…/?token=…)",
    undo: "Undo", undo_title: "Move the cursor back to the draft before", redo: "Redo", redo_title: "Move the cursor forward again",
    upload: "Image", upload_title: "Upload an image for the artist to describe, refine or make a pattern from",
    invite: "Invite observer", invite_title: "A link for someone to watch this session (they cannot change anything)",
    stage_link: "Copy stage link", stage_link_title: "A link that opens this session full screen, for a projector or a second screen",
    stage_view: "Stage view", stage_view_title: "Show the newest draft full window", new_session: "New session",
    new_session_title: "Start a new, empty session with the artist",
    language: "Language", conversation: "Conversation", message_label: "Message to the artist",
    message_placeholder: "paint flowers blooming on Venus (Enter sends, Shift+Enter for a new line)", send: "Send",
    drafts: "Drafts", jobs: "Jobs in progress", board_empty: "No drafts yet: ask the artist for something.",
    lineage: "Lineage", draft_lineage: "draft lineage", nothing_painted: "Nothing painted yet.", stage: "Stage view",
    stage_exit: "Exit stage view (Esc)", stage_waiting: "waiting for the first draft…",
    stage_painting: "painting… step {step} of {total}: {prompt}", persona: "artist: {name}", session: "session {id}",
    you: "you", as_artist: "{name} (as the artist)", about: "about ", from: "from ", draft: "draft {n}",
    draft_alt: "draft {n}: {prompt}", current: "current", picked_badge: "★ picked", pick: "Pick", picked: "Picked ★",
    pick_title: "Pick this draft: the next request works from it", new_badge: "new",
    rated: "rated {rating}", refine: "Refine", refine_title: "Paint variations of this draft, changed as you write",
    comment_label: "what to change in draft {n}, or a comment", comment_placeholder: "what to change…",
    more: "More", more_label: "More for draft {n}", menu_label: "Draft {n}", rate_love: "Love it (+2)", rate_like: "Like it (+1)",
    rate_neutral: "Neutral (0)", rate_dislike: "Not quite (−1)", rate_hate: "Not this (−2)", branch: "Branch from here",
    describe: "Describe it", comment: "Add the text as a comment", compare: "Compare…", enlarge: "Enlarge",
    download: "Download", download_label: "Download draft {n} as PNG", open_label: "Enlarge draft {n}",
    prompt_more: "Whole prompt", prompt_less: "Less",
    missing: "missing: {things}", adherence: "{percent}% of what was asked, by the self-check",
    checks_failed: "{percent}% of what was asked; not met: {checks}", checks_passed: "{percent}% of what was asked; every check passed",
    painting: "painting", steps: "step {step} of {total}", cancel_draft: "Cancel this draft", cancel: "Cancel",
    preview_label: "draft being painted ({index})", preview_alt: "preview of a draft being painted: {prompt}",
    job: "{skill} (job {n})", a_job: "a job", queued: "queued", running: "running", ahead: " ({n} ahead)",
    job_failed: "{job} failed: {message}", job_cancelled: "{job} was cancelled", reset_by: "the session was reset by {name}",
    next_cue: "Next cue", next_cue_title: "Let the scripted show go on past the cue it waits at", cue_released: "{name} called the next cue",
    resynchronised: "resynchronised: {message}", start_new_session: "Start a new session",
    offline: "not connected to the server; try again in a moment", unsupported: "{name}: upload a PNG, JPEG or WebP image",
    needs_token: "this page needs a token: open it as /?token=<your token>", invitation: "A link for an {role} (valid until {until}):",
    stage_invitation: "A stage link (an observer, full screen; valid until {until}):", copied: "copied to the clipboard",
    invitation_url: "invitation link", uploaded: "uploaded {name}",
    // the lightbox
    lightbox: "Draft {n}", close: "Close (Esc)", previous: "Previous", next: "Next", compare_with: "Compare with",
    compare_none: "nothing", lightbox_position: "{n} of {count}",
    // the controls drawer
    options: "Options", options_title: "Number of drafts, size, seed, pattern, exact words", options_region: "Options for the next request",
    opt_n: "Drafts", opt_size: "Size", opt_seed: "Seed", opt_pattern: "Pattern", opt_exact: "Exactly as I said (no additions)",
    opt_auto: "artist decides", opt_seed_placeholder: "random", opt_pattern_auto: "as the words say", opt_pattern_on: "on (a repeat)",
    opt_pattern_off: "off", opt_reset: "Let the artist decide", opt_seed_invalid: "the seed is a whole number from 0 to 2147483647",
    sum_n: "{n} drafts", sum_one: "1 draft", sum_size: "{size} px", sum_seed: "seed {seed}", sum_pattern_on: "pattern",
    sum_pattern_off: "no pattern", sum_exact: "exact",
    // the phone's tabs
    panes: "Panes", tab_chat: "Chat", tab_drafts: "Drafts", tab_lineage: "Lineage", tab_new: "{n} new",
    // what the card's buttons say to the artist, in the designer's language
    say_describe: "describe it", say_refine: "refine it", say_refine_with: "refine it: {text}",
    // a pattern's way to garments (garments.js)
    on_garment: "On a garment…", on_garment_title: "Show this pattern printed on a dress, shirt, skirt, scarf or tote bag",
    colourways: "Colourways…", colourways_title: "The same design in other colours, each a new draft",
    print: "Download for print…", print_title: "A print-ready file at a real size and DPI, in a repeat style",
    title_wear: "On a garment: draft {n}", title_colourways: "Colourways of draft {n}", title_print: "Download draft {n} for print",
    wear_garment: "Garment", garment_dress: "Dress", garment_shirt: "Shirt", garment_skirt: "Skirt", garment_scarf: "Scarf",
    garment_tote: "Tote bag", wear_view: "Side", view_front: "Front", view_back: "Back", wear_scale: "Repeat (cm)",
    wear_scale_hint: "The printed width of one repeat; empty: the artist decides.", wear_submit: "Show it", dialog_cancel: "Cancel",
    ways_n: "How many", ways_palette: "Palette", ways_palette_auto: "the artist's choice", season_spring: "Spring",
    season_summer: "Summer", season_autumn: "Autumn", season_winter: "Winter", ways_submit: "Make them",
    print_width: "Width (cm)", print_height: "Height (cm)", print_dpi: "Resolution (DPI)", print_repeat: "Repeat style",
    repeat_full_drop: "Full drop", repeat_half_drop: "Half drop", repeat_brick: "Brick", repeat_mirror: "Mirror",
    print_scale: "Repeat width (cm)", print_scale_hint: "Empty: one pixel of the tile to each printed dot.", print_format: "File",
    print_pixels: "{width} × {height} pixels", print_submit: "Download", repeat_cm: "{cm} cm repeat",
    print_made: "Print", print_size: "{width} × {height} cm", print_dpi_value: "{dpi} dpi",
    say_wear: "show it on a {garment} ({view})", say_wear_scale: ", repeat {scale} cm", say_colourways: "{n} colourways",
    say_colourways_palette: " in {palette} colours",
  },
  ko: {
    skip: "메시지 입력란으로 건너뛰기", session_title: "세션 ID", tools: "세션 도구", connecting: "연결 중…",
    reconnecting: "다시 연결 중…", reconnecting_in: "연결이 끊겼어요. {seconds}초 뒤에 다시 연결해요", paused: "일시 정지",
    refused: "거부됨 ({reason})", connected: "{name}(으)로 연결됨 ({role})", no_token: "토큰이 없어요: 서버가 알려 준 링크(…/?token=…)로 여세요",
    undo: "되돌리기", undo_title: "커서를 이전 초안으로 옮겨요", redo: "다시 하기", redo_title: "커서를 다시 앞으로 옮겨요",
    upload: "이미지", upload_title: "작가가 설명하거나 다듬거나 패턴으로 만들 이미지를 올려요",
    invite: "관찰자 초대", invite_title: "이 세션을 지켜볼 수 있는 링크 (아무것도 바꿀 수 없어요)",
    stage_link: "무대 링크 복사", stage_link_title: "이 세션을 전체 화면으로 여는 링크 (프로젝터나 두 번째 화면용)",
    stage_view: "무대 보기", stage_view_title: "가장 새로운 초안을 창 가득 보여 줘요", new_session: "새 세션",
    new_session_title: "작가와 새 빈 세션을 시작해요",
    language: "언어", conversation: "대화", message_label: "작가에게 보낼 메시지",
    message_placeholder: "금성에 핀 꽃을 그려 줘 (Enter로 보내기, Shift+Enter로 줄 바꿈)", send: "보내기",
    drafts: "초안", jobs: "진행 중인 작업", board_empty: "아직 초안이 없어요. 작가에게 무언가를 부탁해 보세요.",
    lineage: "계보", draft_lineage: "초안 계보", nothing_painted: "아직 그린 것이 없어요.", stage: "무대 보기",
    stage_exit: "무대 보기 끝내기 (Esc)", stage_waiting: "첫 초안을 기다리는 중…",
    stage_painting: "그리는 중… {total}단계 중 {step}단계: {prompt}", persona: "작가: {name}", session: "세션 {id}",
    you: "나", as_artist: "{name} (작가로서)", about: "대상: ", from: "출처: ", draft: "초안 {n}",
    draft_alt: "초안 {n}: {prompt}", current: "현재", picked_badge: "★ 선택됨", pick: "선택", picked: "선택됨 ★",
    pick_title: "이 초안을 선택해요: 다음 요청은 이 초안에서 이어져요", new_badge: "새 초안",
    rated: "평가 {rating}", refine: "다듬기", refine_title: "적은 대로 바꾼 이 초안의 변형을 그려요",
    comment_label: "초안 {n}에서 바꿀 점, 또는 댓글", comment_placeholder: "바꿀 점…",
    more: "더 보기", more_label: "초안 {n} 더 보기", menu_label: "초안 {n}", rate_love: "아주 좋아요 (+2)", rate_like: "좋아요 (+1)",
    rate_neutral: "보통 (0)", rate_dislike: "조금 아쉬워요 (−1)", rate_hate: "이건 아니에요 (−2)", branch: "여기서 가지치기",
    describe: "설명해 줘", comment: "적은 글을 댓글로 남기기", compare: "비교…", enlarge: "크게 보기",
    download: "내려받기", download_label: "초안 {n}을 PNG로 내려받기", open_label: "초안 {n} 크게 보기",
    prompt_more: "프롬프트 전체", prompt_less: "접기",
    missing: "빠짐: {things}", adherence: "요청의 {percent}%를 그렸어요 (자체 점검)",
    checks_failed: "요청의 {percent}%; 못 맞춘 것: {checks}", checks_passed: "요청의 {percent}%; 모든 점검 통과",
    painting: "그리는 중", steps: "{total}단계 중 {step}단계", cancel_draft: "이 초안 취소", cancel: "취소",
    preview_label: "그리는 중인 초안 ({index})", preview_alt: "그리는 중인 초안 미리보기: {prompt}",
    job: "{skill} (작업 {n})", a_job: "작업", queued: "대기 중", running: "진행 중", ahead: " (앞에 {n}개)",
    job_failed: "{job} 실패: {message}", job_cancelled: "{job} 취소됨", reset_by: "{name} 님이 세션을 초기화했어요",
    next_cue: "다음 큐", next_cue_title: "대본 쇼가 기다리는 큐를 넘겨 계속 진행해요", cue_released: "{name} 님이 다음 큐를 불렀어요",
    resynchronised: "다시 맞췄어요: {message}", start_new_session: "새 세션 시작",
    offline: "서버에 연결되어 있지 않아요. 잠시 뒤에 다시 해 보세요", unsupported: "{name}: PNG, JPEG, WebP 이미지를 올려 주세요",
    needs_token: "이 페이지에는 토큰이 필요해요: /?token=<토큰>으로 여세요", invitation: "{role} 초대 링크 ({until}까지 유효):",
    stage_invitation: "무대 링크 (관찰자, 전체 화면; {until}까지 유효):", copied: "클립보드에 복사했어요",
    invitation_url: "초대 링크", uploaded: "{name} 올림",
    lightbox: "초안 {n}", close: "닫기 (Esc)", previous: "이전", next: "다음", compare_with: "비교할 초안",
    compare_none: "없음", lightbox_position: "{count}개 중 {n}번째",
    options: "옵션", options_title: "초안 수, 크기, 시드, 패턴, 말한 그대로", options_region: "다음 요청의 옵션",
    opt_n: "초안 수", opt_size: "크기", opt_seed: "시드", opt_pattern: "패턴", opt_exact: "말한 그대로 (덧붙이지 않기)",
    opt_auto: "작가가 정함", opt_seed_placeholder: "무작위", opt_pattern_auto: "말한 대로", opt_pattern_on: "켜기 (반복 무늬)",
    opt_pattern_off: "끄기", opt_reset: "작가에게 맡기기", opt_seed_invalid: "시드는 0부터 2147483647까지의 정수예요",
    sum_n: "초안 {n}개", sum_one: "초안 1개", sum_size: "{size}px", sum_seed: "시드 {seed}", sum_pattern_on: "패턴",
    sum_pattern_off: "패턴 없음", sum_exact: "그대로",
    panes: "화면", tab_chat: "대화", tab_drafts: "초안", tab_lineage: "계보", tab_new: "새 초안 {n}개",
    say_describe: "이 그림을 설명해 줘", say_refine: "좀 더 다듬어 줘", say_refine_with: "다듬어 줘: {text}",
    on_garment: "옷에 입혀 보기…", on_garment_title: "이 패턴을 원피스, 셔츠, 스커트, 스카프, 토트백에 입혀 봐요",
    colourways: "컬러웨이…", colourways_title: "같은 디자인을 다른 색으로, 각각 새 초안으로",
    print: "인쇄용으로 내려받기…", print_title: "실제 크기와 DPI, 반복 방식을 정한 인쇄용 파일",
    title_wear: "옷에 입혀 보기: 초안 {n}", title_colourways: "초안 {n}의 컬러웨이", title_print: "초안 {n}을 인쇄용으로 내려받기",
    wear_garment: "옷", garment_dress: "원피스", garment_shirt: "셔츠", garment_skirt: "스커트", garment_scarf: "스카프",
    garment_tote: "토트백", wear_view: "면", view_front: "앞면", view_back: "뒷면", wear_scale: "반복 크기 (cm)",
    wear_scale_hint: "무늬 한 번이 인쇄되는 너비예요. 비워 두면 작가가 정해요.", wear_submit: "입혀 보기", dialog_cancel: "취소",
    ways_n: "개수", ways_palette: "팔레트", ways_palette_auto: "작가가 고름", season_spring: "봄",
    season_summer: "여름", season_autumn: "가을", season_winter: "겨울", ways_submit: "만들기",
    print_width: "너비 (cm)", print_height: "높이 (cm)", print_dpi: "해상도 (DPI)", print_repeat: "반복 방식",
    repeat_full_drop: "풀 드롭", repeat_half_drop: "하프 드롭", repeat_brick: "벽돌 쌓기", repeat_mirror: "거울 반복",
    print_scale: "반복 너비 (cm)", print_scale_hint: "비워 두면 타일의 한 픽셀이 인쇄 점 하나예요.", print_format: "파일",
    print_pixels: "{width} × {height} 픽셀", print_submit: "내려받기", repeat_cm: "반복 {cm} cm",
    print_made: "인쇄", print_size: "{width} × {height} cm", print_dpi_value: "{dpi} dpi",
    say_wear: "{garment}에 입혀 줘 ({view})", say_wear_scale: ", 반복 {scale} cm", say_colourways: "컬러웨이 {n}가지",
    say_colourways_palette: ", {palette} 색으로",
  },
};

const LANGS = Object.keys(WORDS);
let lang = LANGS.includes(localStorage.getItem(LANG_KEY)) ? localStorage.getItem(LANG_KEY)
  : navigator.language.toLowerCase().startsWith("ko") ? "ko" : "en";
const listeners = [];

export function language() {
  return lang;
}

/** The page's words for `key`, in its language, with {names} filled from `vars`. */
export function t(key, vars = {}) {
  return WORDS[lang][key].replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

/** Word `el` in the page's language: its text (data-i18n) and attributes (data-i18n-attrs: "title:key ..."). */
export function localize(el) {
  const vars = el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {};
  if (el.dataset.i18n) el.textContent = t(el.dataset.i18n, vars);
  for (const pair of (el.dataset.i18nAttrs || "").split(" ").filter(Boolean)) {
    const [attribute, key] = pair.split(":");
    el.setAttribute(attribute, t(key, vars));
  }
}

/** Give `el` the words of `key` (and what fills them), now and after a switch of language. */
export function setWords(el, key, vars = {}) {
  el.dataset.i18n = key;
  el.dataset.i18nVars = JSON.stringify(vars);
  localize(el);
}

export function clearWords(el) {
  delete el.dataset.i18n;
  delete el.dataset.i18nVars;
  el.textContent = "";
}

/** Called after every switch of language (panes drawn from the state redraw themselves). */
export function onLanguage(listener) {
  listeners.push(listener);
}

export function setLanguage(chosen) {
  lang = LANGS.includes(chosen) ? chosen : "en";
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  for (const el of document.querySelectorAll("[data-i18n], [data-i18n-attrs]")) localize(el);
  for (const listener of listeners) listener(lang);
}
