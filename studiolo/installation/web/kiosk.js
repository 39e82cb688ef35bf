// The kiosk: one visitor after another. The server decides when a visitor's time is over ("I'm done", idle,
// limits); a `welcome` always brings the page back to a clean welcome screen.
import { connect, tokenFromAddress } from "/installation/socket.js";

const $ = (id) => document.getElementById(id);
const LABELS = {
  en: { send: "Paint it", another: "Another one", change: "Change it", love: "I love it", done: "I'm done",
        takeHome: "Take it home", changeHint: "What should change?", examples: "Examples", pictures: "Your pictures" },
  ko: { send: "그려 주세요", another: "하나 더", change: "바꿔 주세요", love: "마음에 들어요", done: "다 했어요",
        takeHome: "가져가세요", changeHint: "무엇을 바꿀까요?", examples: "예시", pictures: "내 그림" },
};
let texts = null;
let lang = "en";
let changing = false;
let chosen = null;

const socket = connect(tokenFromAddress(), receive, (online) => { $("kiosk").dataset.online = online; });

function setLang(next) {
  lang = next;
  document.documentElement.lang = lang;
  $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
  $("lang-ko").setAttribute("aria-pressed", String(lang === "ko"));
  const words = LABELS[lang];
  for (const id of ["send", "another", "change", "love", "done"]) $(id).textContent = words[id];
  $("take-home-title").textContent = words.takeHome;
  $("examples").setAttribute("aria-label", words.examples);
  $("finals").setAttribute("aria-label", words.pictures);
  if (texts) {
    $("welcome").textContent = changing ? words.changeHint : texts[lang].welcome;
    $("examples").replaceChildren(...texts[lang].examples.map((example) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = example;
      button.addEventListener("click", () => wish(example));
      item.append(button);
      return item;
    }));
  }
}

function fresh() {
  changing = false;
  chosen = null;
  $("wish").value = "";
  $("reply").textContent = "";
  $("picture").hidden = true;
  $("preview").removeAttribute("src");
  $("finals").replaceChildren();
  $("actions").hidden = true;
  $("take-home").hidden = true;
  $("examples").hidden = false;
}

function wish(text) {
  text = text.trim();
  if (!text) return;
  socket.send({ type: changing ? "change" : "wish", text, lang });
  $("wish").value = "";
  $("examples").hidden = true;
  $("take-home").hidden = true;
  changing = false;
  setLang(lang);
}

function receive(message) {
  const kiosk = $("kiosk");
  switch (message.type) {
    case "welcome":
      texts = message.texts;
      fresh();
      kiosk.dataset.state = message.paused ? "closed" : "welcome";
      $("closed").hidden = !message.paused;
      $("closed").textContent = message.paused ? texts[lang].closing : "";
      $("wish-form").hidden = message.paused;
      setLang(lang);
      break;
    case "visitor":
      kiosk.dataset.session = message.session;
      break;
    case "closed":
      $("reply").textContent = message.text;
      break;
    case "refused":
      kiosk.dataset.state = "refused";
      $("reply").textContent = message.text;
      $("examples").hidden = false;
      break;
    case "reply":
      $("reply").textContent = message.text;
      break;
    case "preview":
      kiosk.dataset.state = "painting";
      $("picture").hidden = false;
      $("preview").src = message.image;
      break;
    case "final": {
      $("picture").hidden = false;
      $("preview").src = message.url;
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.draft = message.draft_id;
      button.setAttribute("aria-pressed", "false");
      const image = document.createElement("img");
      image.src = message.url;
      image.alt = `picture ${$("finals").children.length + 1}`;
      button.append(image);
      button.addEventListener("click", () => choose(message.draft_id, message.url));
      $("finals").append(button);
      if (chosen === null) choose(message.draft_id, message.url);
      break;
    }
    case "job_end":
      kiosk.dataset.state = "result";
      $("actions").hidden = $("finals").children.length === 0;
      break;
    case "take_home":
      kiosk.dataset.state = "take-home";
      $("take-home").hidden = false;
      $("qr").src = `data:image/svg+xml;base64,${btoa(message.qr)}`;
      $("share-link").href = message.url;
      $("share-link").textContent = message.url;
      break;
    case "error":
      $("reply").textContent = message.message;
      break;
  }
}

function choose(draftId, url) {
  chosen = draftId;
  $("preview").src = url;
  for (const button of $("finals").children) button.setAttribute("aria-pressed", String(button.dataset.draft === draftId));
}

$("wish-form").addEventListener("submit", (event) => { event.preventDefault(); wish($("wish").value); });
$("lang-en").addEventListener("click", () => setLang("en"));
$("lang-ko").addEventListener("click", () => setLang("ko"));
$("another").addEventListener("click", () => { $("finals").replaceChildren(); chosen = null; socket.send({ type: "another" }); });
$("change").addEventListener("click", () => { changing = true; setLang(lang); $("wish").focus(); });
$("love").addEventListener("click", () => chosen && socket.send({ type: "pick", draft_id: chosen }));
$("done").addEventListener("click", () => socket.send({ type: "done" }));
