// The Socket.IO 4 peer of Vestnik's benchmark (bin/bench, loadgen --target socketio).
//
//   node server.js PORT [REDIS_URL]
//
// A client joins a room with emit("join", room, ack); emit("send", {room, client_id, body}, ack)
// sends {room, client_id, body} as "new_message" to the room's other members (the sender is
// excluded, like Vestnik's sender gets an ack instead) and acks {client_id}. With REDIS_URL, rooms
// span every node sharing that Redis through @socket.io/redis-adapter. Loopback only; nothing stored.
"use strict";

const { createServer } = require("node:http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 3000);
const redisUrl = process.argv[3];

async function adapter() {
  if (!redisUrl) return undefined;
  const { createClient } = require("redis");
  const { createAdapter } = require("@socket.io/redis-adapter");
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  return createAdapter(pub, sub);
}

async function main() {
  const http = createServer();
  // websocket only: the load generator speaks Engine.IO over a raw WebSocket, no polling.
  const io = new Server(http, { transports: ["websocket"], serveClient: false, adapter: await adapter() });
  io.on("connection", (socket) => {
    socket.on("join", (room, ack) => {
      socket.join(String(room));
      if (typeof ack === "function") ack({ joined: room });
    });
    socket.on("send", (message, ack) => {
      socket.to(String(message.room)).emit("new_message", message);
      if (typeof ack === "function") ack({ client_id: message.client_id });
    });
  });
  http.listen(port, "127.0.0.1", () => {
    console.log(`socket.io peer on http://127.0.0.1:${port}${redisUrl ? " with " + redisUrl : ""} (pid ${process.pid})`);
  });
  const stop = () => io.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
