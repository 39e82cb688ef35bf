// A websocket to /installation/ws that says hello with this screen's token and reconnects on its own
// (a network drop, a server restart): each time, the server sends the screen's whole state again.
// A pulled cable closes nothing: the socket just goes quiet. The server sends a `beat` whenever it has had nothing
// else to say for `every_s` seconds, so a socket silent for three beats, or a new one that says nothing for a beat
// (its connection hangs), is given up and a new one made.
const QUIET_BEATS = 3;
const MIN_SILENCE_MS = 2000; // a busy server still answers a hello within this

export function connect(token, onMessage, onStatus) {
  let delay = 500;
  let socket = null;
  let beatMs = 10000; // the server's default, until a beat says how often they come
  let silence = null;

  const listen = (heard) => {
    clearTimeout(silence);
    silence = setTimeout(giveUp, Math.max(MIN_SILENCE_MS, (heard ? QUIET_BEATS : 1) * beatMs));
  };
  const retry = () => {
    clearTimeout(silence);
    onStatus(false);
    setTimeout(open, delay);
    delay = Math.min(delay * 2, 5000);
  };
  const giveUp = () => {
    const quiet = socket;
    quiet.onopen = quiet.onmessage = quiet.onclose = null; // whatever it says later is not heard
    quiet.close();
    retry();
  };
  const open = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/installation/ws`);
    listen(false);
    socket.onopen = () => {
      delay = 500;
      socket.send(JSON.stringify({ type: "hello", token }));
      onStatus(true);
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "beat") beatMs = message.every_s * 1000;
      listen(true);
      if (message.type !== "beat") onMessage(message);
    };
    socket.onclose = (event) => {
      if (event.code === 4001) { // a wrong token: retrying will not help
        clearTimeout(silence);
        onStatus(false);
        return;
      }
      retry();
    };
  };
  open();
  return { send: (message) => socket && socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message)) };
}

export function tokenFromAddress() {
  return new URLSearchParams(location.search).get("token") || "";
}
