// The wall: the painting in progress, large, with the visitor's words and the artist's caption; a mosaic of the
// day's picked works; when nothing is painted for a while, an attract loop cross-fading through the gallery.
// It reconnects and resumes on its own: every connection starts with the whole state (`wall`).
import { connect, tokenFromAddress } from "/installation/socket.js";

const $ = (id) => document.getElementById(id);
let settings = { attract_after_s: 45, crossfade_s: 8, mosaic: 12 };
let gallery = [];
let idleTimer = null;
let attractTimer = null;
let attractIndex = 0;

connect(tokenFromAddress(), receive, (online) => { $("wall").dataset.online = online; });

function busy() {
  stopAttract();
  clearTimeout(idleTimer);
  idleTimer = setTimeout(startAttract, settings.attract_after_s * 1000);
}

function startAttract() {
  if (gallery.length === 0) return;
  $("attract").hidden = false;
  $("wall").dataset.mode = "attract";
  const show = () => {
    const work = gallery[attractIndex++ % gallery.length];
    const image = $("attract-image");
    image.style.opacity = 0;
    setTimeout(() => {
      image.src = work.url;
      image.alt = work.caption || work.words;
      $("attract-caption").textContent = work.caption;
      image.style.opacity = 1;
    }, 700);
  };
  show();
  attractTimer = setInterval(show, settings.crossfade_s * 1000);
}

function stopAttract() {
  clearInterval(attractTimer);
  $("attract").hidden = true;
  $("wall").dataset.mode = "live";
}

function tile(work) {
  const item = document.createElement("li");
  item.dataset.draft = work.draft_id;
  const image = document.createElement("img");
  image.src = work.url;
  image.alt = work.caption || work.words;
  item.append(image);
  return item;
}

function showMosaic() {
  $("mosaic").replaceChildren(...gallery.map(tile));
}

function receive(message) {
  switch (message.type) {
    case "wall":
      settings = message;
      $("wall").className = `wall ${message.layout}`;
      gallery = message.gallery;
      showMosaic();
      busy();
      break;
    case "painting":
      busy();
      $("words").textContent = message.words;
      $("caption").textContent = "";
      $("stage-image").hidden = true;
      $("wall").dataset.stage = "asked";
      break;
    case "preview":
      busy();
      $("stage-image").hidden = false;
      $("stage-image").src = message.image;
      $("stage-image").alt = "painting";
      $("wall").dataset.stage = "preview";
      break;
    case "final":
      busy();
      $("words").textContent = message.words;
      $("stage-image").hidden = false;
      $("stage-image").src = message.url;
      $("stage-image").alt = message.caption || message.words;
      $("stage-image").dataset.draft = message.draft_id;
      $("caption").textContent = "";
      $("wall").dataset.stage = "final";
      break;
    case "caption": // the artist's words about the final on the stage, once they have passed the screen
      if ($("stage-image").dataset.draft === message.draft_id) {
        $("caption").textContent = message.text;
        $("stage-image").alt = message.text || $("stage-image").alt;
      }
      break;
    case "picked":
      gallery = [message.work, ...gallery.filter((w) => w.draft_id !== message.work.draft_id)].slice(0, settings.mosaic || 12);
      showMosaic();
      break;
    case "hidden":
      gallery = gallery.filter((w) => w.draft_id !== message.draft_id);
      showMosaic();
      if ($("stage-image").dataset.draft === message.draft_id) {
        $("stage-image").hidden = true;
        $("caption").textContent = "";
        $("words").textContent = "";
      }
      break;
    case "speak":
      busy();
      $("caption").textContent = message.text;
      break;
  }
}
