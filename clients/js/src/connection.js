import { backoffDelay } from './timers.js';
import { PollTransport } from './transports/poll.js';
import { SseTransport } from './transports/sse.js';
import { WebSocketTransport } from './transports/websocket.js';

export const LADDER = ['websocket', 'sse', 'poll'];
/** Refusals in a row after which the next transport down the ladder is tried. */
const REFUSALS_BEFORE_FALLBACK = 2;
/** The longest wait between two attempts to climb back to WebSocket. */
const MAX_PROBE_MS = 5 * 60_000;

/**
 * The client's one connection, whatever the number of chats. It climbs down the transport ladder
 * (WebSocket → SSE → long poll) when the server, or something in front of it, refuses a
 * transport twice in a row; reconnects with exponential backoff and full jitter (at once after
 * 1012 and 4009); and, while below WebSocket, probes it now and then and moves back up as soon
 * as a probe is live. Stops for good on 4001 or a refused credential (`onAuthLost`).
 *
 * `stream` receives what every transport delivers: `onFrame(frame)`, `onLive({catchUp,
 * transport})`, and answers `positions()`, `changes()` and `pruneChats()` for the WebSocket's `resume`.
 */
export class Connection {
  #options;
  #stream;
  #current = null;
  #probe = null;
  #level = 0;
  #refusals = 0;
  #attempt = 0;
  #probeDelay;
  #cursor = null;
  #running = false;
  #offline = false;

  /**
   * options: `{http, WebSocket, timers, transports, onStatus, onAuthLost, timing: {pingIntervalMs,
   * sseIdleTimeoutMs, pollWaitSeconds, probeMs, backoffBaseMs, backoffCapMs}}`.
   */
  constructor(options, stream) {
    this.#options = options;
    this.#stream = stream;
    this.#probeDelay = options.timing.probeMs;
  }

  /** The live transport's name, or null while not live. */
  get transport() {
    return this.#current?.live ? this.#current.name : null;
  }

  start() {
    if (this.#running) return;
    this.#running = true;
    this.#level = 0;
    this.#connect();
  }

  /** Closes the connection; `status` says why (closed, or signed_out when auth is lost). */
  stop(status = 'closed') {
    this.#running = false;
    this.#dropTransports();
    this.#options.onStatus({ status, transport: null });
  }

  /** Sends a frame over a live WebSocket; false when there is none (use HTTP instead). */
  sendFrame(frame) {
    return this.transport === 'websocket' && this.#current.send(frame);
  }

  /** The browser's `online`/`offline`: drop the dead link at once, come back at once. */
  networkChanged(online) {
    this.#offline = !online;
    if (!this.#running) return;
    this.#dropTransports();
    if (online) {
      this.#attempt = 0;
      this.#connect();
    } else {
      this.#options.onStatus({ status: 'offline', transport: null });
    }
  }

  #connect() {
    if (!this.#running || this.#offline || this.#current) return;
    const name = this.#ladder()[this.#level];
    this.#options.onStatus({ status: 'connecting', transport: name });
    this.#current = this.#create(name);
    this.#current.start();
  }

  #ladder() {
    return LADDER.filter((name) => (this.#options.transports ?? LADDER).includes(name));
  }

  #create(name) {
    const { http, WebSocket, timers, timing } = this.#options;
    const handlers = this.#handlersFor(() => transport);
    const transport =
      name === 'websocket'
        ? new WebSocketTransport({ http, WebSocket, timers, pingIntervalMs: timing.pingIntervalMs }, handlers)
        : name === 'sse'
          ? new SseTransport({ http, timers, cursor: this.#cursor, idleTimeoutMs: timing.sseIdleTimeoutMs }, handlers)
          : new PollTransport({ http, cursor: this.#cursor, waitSeconds: timing.pollWaitSeconds }, handlers);
    return transport;
  }

  /** Events of a transport that is neither current nor probing (stopped late) are ignored. */
  #handlersFor(transport) {
    const active = () => transport() === this.#current || transport() === this.#probe;
    return {
      onFrame: (frame) => active() && this.#stream.onFrame(frame),
      onCursor: (cursor) => {
        if (transport() === this.#current) this.#cursor = cursor;
      },
      onLive: ({ catchUp }) => (transport() === this.#probe ? this.#climbed() : this.#live(catchUp)),
      onDown: (outcome) => (transport() === this.#probe ? this.#probeFailed() : this.#down(transport(), outcome)),
      positions: () => this.#stream.positions(),
      changes: () => this.#stream.changes(),
      pruneChats: () => this.#stream.pruneChats(),
    };
  }

  #live(catchUp) {
    this.#attempt = 0;
    this.#refusals = 0;
    this.#options.onStatus({ status: 'live', transport: this.#current.name });
    this.#stream.onLive({ catchUp, transport: this.#current.name });
    if (this.#current.name !== 'websocket' && this.#ladder()[0] === 'websocket') this.#scheduleProbe();
  }

  #down(transport, { error, code, refused, wasLive }) {
    if (transport !== this.#current || !this.#running) return;
    this.#current = null;
    if (code === 4001 || error?.code === 'unauthorized') return this.#authLost(error);
    if (error?.code === 'cursor_expired') this.#cursor = null;
    const fellBack = !wasLive && refused && this.#fallBack();
    const atOnce = fellBack || code === 1012 || code === 4009 || error?.code === 'cursor_expired';
    const delay = atOnce ? 0 : backoffDelay(this.#attempt++, this.#backoff(error));
    this.#options.onStatus({ status: 'reconnecting', transport: null, delay, error });
    this.#options.timers.set('connection:retry', delay, () => this.#connect());
  }

  /** Counts a refusal; moves one step down the ladder after enough of them. */
  #fallBack() {
    if (++this.#refusals < REFUSALS_BEFORE_FALLBACK || this.#level >= this.#ladder().length - 1) return false;
    this.#level++;
    this.#refusals = 0;
    return true;
  }

  /** A server that said when to come back (429, 503) is not asked sooner. */
  #backoff(error) {
    const { backoffBaseMs, backoffCapMs } = this.#options.timing;
    const floor = (error?.retryAfter ?? 0) * 1000;
    return { baseMs: Math.max(backoffBaseMs, floor), capMs: Math.max(backoffCapMs, floor) };
  }

  #authLost(error) {
    this.#options.onAuthLost(error);
  }

  #scheduleProbe() {
    const delay = this.#probeDelay / 2 + backoffDelay(0, { baseMs: this.#probeDelay / 2 });
    this.#options.timers.set('connection:probe', delay, () => {
      if (!this.#running || this.transport === 'websocket' || this.#probe) return;
      this.#probe = this.#create('websocket');
      this.#probe.start();
    });
  }

  /** The WebSocket probe is live (it resumed from the SDK's positions): it becomes current. */
  #climbed() {
    const lower = this.#current;
    this.#current = this.#probe;
    this.#probe = null;
    this.#level = 0;
    this.#probeDelay = this.#options.timing.probeMs;
    lower?.stop();
    this.#live(false);
  }

  #probeFailed() {
    this.#probe = null;
    this.#probeDelay = Math.min(this.#probeDelay * 2, MAX_PROBE_MS);
    if (this.#running && this.#current?.live) this.#scheduleProbe();
  }

  #dropTransports() {
    const { timers } = this.#options;
    timers.clear('connection:retry');
    timers.clear('connection:probe');
    this.#current?.stop();
    this.#probe?.stop();
    this.#current = this.#probe = null;
  }
}
