import { VestnikError } from '../errors.js';
import { SseParser } from './sse-parser.js';

let instances = 0;

/**
 * Server-Sent Events over `fetch` (so it can carry `Authorization` and `Last-Event-ID` and see
 * the status of a refusal, which `EventSource` hides). Resumes from the cursor of the last event
 * it delivered; without one the stream starts live and the SDK catches up from history.
 *
 * handlers: `onFrame(frame)`, `onLive({catchUp})`, `onCursor(cursor)`, `onDown({error, refused})`.
 */
export class SseTransport {
  name = 'sse';
  live = false;
  #options;
  #handlers;
  #id = `sse${++instances}`;
  #abort = new AbortController();
  #ended = false;

  /** options: `{http, timers, cursor, idleTimeoutMs}`. */
  constructor(options, handlers) {
    this.#options = options;
    this.#handlers = handlers;
  }

  async start() {
    const { http, cursor } = this.#options;
    try {
      const headers = cursor ? { 'Last-Event-ID': cursor } : {};
      const response = await http.stream('/api/v1/events', { headers, signal: this.#abort.signal });
      await this.#read(response.body);
      this.#end({ error: new VestnikError('network_error', 'The event stream ended.'), refused: !this.live });
    } catch (error) {
      this.#end({ error, refused: isRefusal(error) });
    }
  }

  stop() {
    this.#ended = true;
    this.#release();
  }

  async #read(body) {
    const parser = new SseParser((event) => this.#deliver(event));
    const reader = body.getReader();
    this.#watchIdle();
    for (;;) {
      const { done, value } = await reader.read();
      if (done || this.#ended) return;
      this.#watchIdle();
      parser.push(value);
    }
  }

  #deliver({ data, id }) {
    if (this.#ended) return;
    const frame = JSON.parse(data);
    if (frame.type === 'connected') {
      this.live = true;
      this.#handlers.onFrame(frame);
      this.#handlers.onLive({ catchUp: !this.#options.cursor });
    } else {
      this.#handlers.onFrame(frame);
    }
    if (id) this.#handlers.onCursor(id);
  }

  /** The server writes a comment every 15 s; a stream silent for much longer is dead. */
  #watchIdle() {
    this.#options.timers.set(`${this.#id}:idle`, this.#options.idleTimeoutMs, () =>
      this.#end({ error: new VestnikError('network_error', 'The event stream went silent.'), refused: false }),
    );
  }

  #end(outcome) {
    if (this.#ended) return;
    this.#ended = true;
    this.#release();
    this.#handlers.onDown({ wasLive: this.live, ...outcome });
  }

  #release() {
    this.#options.timers.clear(`${this.#id}:idle`);
    this.#abort.abort();
  }
}

/**
 * True when the server (or a proxy in front of it) answered but would not stream: a reason to
 * try the next transport. Unreachable, busy (429) or restarting (503) servers are not.
 */
export function isRefusal(error) {
  return error.status > 0 && ![401, 410, 429, 503].includes(error.status);
}
