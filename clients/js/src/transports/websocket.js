import { VestnikError } from '../errors.js';

let instances = 0;

/**
 * One WebSocket connection, from its ticket to its close. It connects with `?resume=1`, sends
 * `resume` with the positions the SDK holds and is live once the server answers `resumed`: from
 * then on every `new_message` of those chats arrives in seq order. A heartbeat `ping` detects a
 * connection that died silently.
 *
 * handlers: `onFrame(frame)`, `onLive({catchUp})`, `onDown({code, error, refused})` (once),
 * `positions()`, `changes()` (the last change number per chat), `pruneChats()` (when `resume`
 * named a chat the user has left).
 */
export class WebSocketTransport {
  name = 'websocket';
  live = false;
  #options;
  #handlers;
  #id = `ws${++instances}`;
  #socket = null;
  #ended = false;
  #lastHeard = 0;

  /** options: `{http, WebSocket, timers, pingIntervalMs}`. */
  constructor(options, handlers) {
    this.#options = options;
    this.#handlers = handlers;
  }

  async start() {
    let ticket;
    try {
      ticket = (await this.#options.http.post('/api/v1/ws-ticket')).ticket;
    } catch (error) {
      return this.#end({ error, refused: false });
    }
    if (this.#ended) return;
    this.#open(ticket);
  }

  /** Sends a frame; false when the socket is not open. */
  send(frame) {
    if (this.#socket?.readyState !== 1) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  stop() {
    this.#ended = true;
    this.#release();
  }

  #open(ticket) {
    const url = this.#options.http.url('/ws', { ticket, resume: 1 });
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    try {
      this.#socket = new this.#options.WebSocket(url.href);
    } catch (error) {
      return this.#end({ error, refused: true });
    }
    this.#socket.onmessage = (event) => this.#received(event.data);
    this.#socket.onclose = (event) => this.#end({ code: event.code, refused: !this.live && !isRestart(event.code) });
    this.#socket.onerror = () => {}; // the close event that follows tells what happened
  }

  #received(data) {
    this.#lastHeard = Date.now();
    const frame = JSON.parse(String(data));
    if (frame.type === 'connected') {
      this.#handlers.onFrame(frame);
      this.#resume();
    } else if (frame.type === 'resumed') {
      this.#becomeLive();
    } else if (frame.type === 'error' && !this.live && !frame.client_id && frame.error === 'not_found') {
      this.#handlers.pruneChats().then(() => this.#resume(), (error) => this.#end({ error, refused: false }));
    } else if (frame.type !== 'pong') {
      this.#handlers.onFrame(frame);
    }
  }

  #resume() {
    this.send({ type: 'resume', positions: this.#handlers.positions(), changes: this.#handlers.changes() });
  }

  #becomeLive() {
    this.live = true;
    this.#heartbeat();
    this.#handlers.onLive({ catchUp: false });
  }

  /** Pings every interval; a socket silent for two intervals is dead, whatever TCP thinks. */
  #heartbeat() {
    const interval = this.#options.pingIntervalMs;
    this.#options.timers.set(`${this.#id}:ping`, interval, () => {
      if (Date.now() - this.#lastHeard > 2 * interval) return this.#end({ code: 4000, refused: false });
      this.send({ type: 'ping' });
      this.#heartbeat();
    });
  }

  #end(outcome) {
    if (this.#ended) return;
    this.#ended = true;
    this.#release();
    this.#handlers.onDown({ wasLive: this.live, ...outcome, error: outcome.error ?? closeError(outcome.code) });
  }

  #release() {
    this.#options.timers.clear(`${this.#id}:ping`);
    const socket = this.#socket;
    if (!socket) return;
    socket.onmessage = socket.onclose = null;
    socket.onerror = () => {};
    if (socket.readyState <= 1) socket.close(1000);
  }
}

/** The server going away (1012) or dropping a slow reader (4009) says nothing about WebSocket. */
function isRestart(code) {
  return code === 1012 || code === 4009;
}

function closeError(code) {
  if (code === 4001) return new VestnikError('unauthorized', 'The session was revoked.', { status: 401 });
  return new VestnikError('network_error', `WebSocket closed (${code}).`);
}
