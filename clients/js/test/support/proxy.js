import { createServer, request } from 'node:http';
import { connect } from 'node:net';

/**
 * A tiny HTTP proxy in front of a node that can refuse what some networks refuse: WebSocket
 * upgrades (403, as an Origin check or a proxy without WebSocket support would) and SSE streams
 * (502). `target` can be changed and `dropAll()` cuts every open connection, to move clients
 * from one node to another.
 */
export class RefusingProxy {
  allowWebSocket = true;
  allowSse = true;
  upgradesRefused = 0;
  #server;
  #sockets = new Set();

  constructor(targetPort) {
    this.targetPort = targetPort;
    this.#server = createServer((req, res) => this.#forward(req, res));
    this.#server.on('upgrade', (req, socket, head) => this.#upgrade(req, socket, head));
    this.#server.on('connection', (socket) => this.#track(socket));
  }

  static async start(targetPort) {
    const proxy = new RefusingProxy(targetPort);
    await new Promise((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url() {
    return `http://127.0.0.1:${this.#server.address().port}`;
  }

  dropAll() {
    for (const socket of this.#sockets) socket.destroy();
  }

  async close() {
    this.dropAll();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #track(socket) {
    if (this.#sockets.has(socket)) return; // keep-alive sockets serve many requests
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
  }

  #forward(req, res) {
    if (!this.allowSse && req.url.startsWith('/api/v1/events') && !req.url.startsWith('/api/v1/events/poll')) {
      res.writeHead(502).end('no streaming here');
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: this.targetPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('socket', (socket) => this.#track(socket));
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  #upgrade(req, socket, head) {
    if (!this.allowWebSocket) {
      this.upgradesRefused++;
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(this.targetPort, '127.0.0.1', () => {
      const head0 = `${req.method} ${req.url} HTTP/1.1\r\n` + Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\n';
      upstream.write(head0);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    this.#track(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  }
}
