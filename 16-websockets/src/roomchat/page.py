"""The small HTML page both servers serve at `/`: get a ticket over HTTP, then open the socket."""

from __future__ import annotations

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>roomchat</title></head>
<body>
<h1>roomchat</h1>
<p><label>token <input id="token" size="60"></label>
<label>room <input id="room" value="lobby"></label>
<button id="join">join</button></p>
<p><input id="text" size="60"> <button id="send">send</button></p>
<ul id="log"></ul>
<script>
const log = (line) => {
  const li = document.createElement("li"); li.textContent = line;
  document.getElementById("log").append(li);
};
let socket = null;
document.getElementById("join").onclick = async () => {
  // The long-lived token goes in a header, to the ticket endpoint only; the URL carries a
  // ticket that is dead in seconds.
  const token = document.getElementById("token").value;
  const answer = await fetch("TICKET_PATH", {
    method: "TICKET_METHOD", headers: {Authorization: "Bearer " + token}});
  if (!answer.ok) { log("ticket refused: " + answer.status); return; }
  const {ticket} = await answer.json();
  const room = encodeURIComponent(document.getElementById("room").value);
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws/${room}?ticket=${ticket}`);
  socket.onopen = () => log("connected");
  socket.onmessage = (m) => { const e = JSON.parse(m.data); log(`${e.user}: ${e.text}`); };
  socket.onclose = (c) => log(`closed ${c.code} ${c.reason}`);
};
document.getElementById("send").onclick = () => {
  socket.send(document.getElementById("text").value);
};
</script>
</body></html>
"""


def page(ticket_path: str, method: str) -> str:
    return PAGE.replace("TICKET_PATH", ticket_path).replace("TICKET_METHOD", method)
