// A websocket to /installation/ws that says hello with this screen's token and reconnects on its own
// (a network drop, a server restart): each time, the server sends the screen's whole state again.
export function connect(token, onMessage, onStatus) {
  let delay = 500;
  let socket = null;
  const open = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/installation/ws`);
    socket.onopen = () => {
      delay = 500;
      socket.send(JSON.stringify({ type: "hello", token }));
      onStatus(true);
    };
    socket.onmessage = (event) => onMessage(JSON.parse(event.data));
    socket.onclose = (event) => {
      onStatus(false);
      if (event.code === 4001) return; // a wrong token: retrying will not help
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  open();
  return { send: (message) => socket && socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message)) };
}

export function tokenFromAddress() {
  return new URLSearchParams(location.search).get("token") || "";
}
