// The operator's console: every kiosk's state; pause, resume, skip a visitor; hide a picture from the wall;
// speak as the artist on a kiosk or the wall; the refused wishes; the disk against its quota.
import { connect } from "/installation/socket.js";

const $ = (id) => document.getElementById(id);
let socket = null;

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function action(label, message) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.addEventListener("click", () => socket.send(message));
  return button;
}

function receive(message) {
  if (message.type === "error") { $("disk").textContent = message.message; return; }
  if (message.type !== "console") return;
  $("login").hidden = true;
  const disk = message.disk;
  $("disk").textContent = `Images: ${(disk.bytes / 1e6).toFixed(1)} MB of ${disk.quota_mb} MB` +
    (disk.warning ? " — nearly full: the oldest drafts will be pruned sooner" : "");
  $("disk").className = disk.warning ? "warning" : "";
  const where = $("speak-where");
  const chosen = where.value;
  where.replaceChildren(new Option("the wall", ""), ...message.kiosks.map((k) => new Option(k.name, k.id)));
  where.value = chosen;
  $("kiosks").replaceChildren(...message.kiosks.map((k) => {
    const row = document.createElement("tr");
    row.dataset.kiosk = k.id;
    const state = !k.online ? "offline" : k.paused ? "paused" : k.busy ? "painting" : k.visitor ? "visitor" : "waiting";
    const actions = document.createElement("td");
    actions.append(k.paused ? action("Resume", { type: "resume", kiosk: k.id }) : action("Pause", { type: "pause", kiosk: k.id }),
      action("Skip visitor", { type: "skip", kiosk: k.id }));
    row.append(cell(k.name), cell(state), cell(String(k.served)), actions);
    return row;
  }));
  $("works").replaceChildren(...message.gallery.map((work) => {
    const item = document.createElement("li");
    const image = document.createElement("img");
    image.src = work.url;
    image.alt = work.caption || work.words;
    item.append(image, action("Hide", { type: "hide", draft_id: work.draft_id }));
    return item;
  }));
  $("refusals").replaceChildren(...message.refusals.map((r) => {
    const row = document.createElement("tr");
    row.append(cell(new Date(r.at * 1000).toLocaleTimeString()), cell(r.kiosk), cell(r.text), cell(r.reason));
    return row;
  }));
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("studiolo-operator", $("token").value);
  socket = connect($("token").value, receive, (online) => { $("console").dataset.online = online; });
});
$("speak-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const kiosk = $("speak-where").value;
  socket.send({ type: "speak", text: $("speak-text").value, kiosk: kiosk || null });
  $("speak-text").value = "";
});
const remembered = sessionStorage.getItem("studiolo-operator");
if (remembered) socket = connect(remembered, receive, (online) => { $("console").dataset.online = online; });
