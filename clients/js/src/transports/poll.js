import { isRefusal } from './sse.js';

/**
 * Long polling: `GET /api/v1/events/poll` again and again with the cursor of each answer. The
 * first poll without a cursor is short (`timeout=0`) so the stream is live at once; the SDK then
 * catches up from history.
 *
 * handlers: `onFrame(frame)`, `onLive({catchUp})`, `onCursor(cursor)`, `onDown({error, refused})`.
 */
export class PollTransport {
  name = 'poll';
  live = false;
  #options;
  #handlers;
  #abort = new AbortController();
  #ended = false;

  /** options: `{http, cursor, waitSeconds}`. */
  constructor(options, handlers) {
    this.#options = options;
    this.#handlers = handlers;
  }

  async start() {
    let cursor = this.#options.cursor;
    try {
      while (!this.#ended) cursor = await this.#poll(cursor);
    } catch (error) {
      this.#end({ error, refused: !this.live && isRefusal(error) });
    }
  }

  stop() {
    this.#ended = true;
    this.#abort.abort();
  }

  async #poll(cursor) {
    const timeout = this.live ? this.#options.waitSeconds : 0;
    const answer = await this.#options.http.request('GET', '/api/v1/events/poll', {
      query: { cursor, timeout },
      signal: this.#abort.signal,
    });
    if (this.#ended) return cursor;
    if (!this.live) {
      this.live = true;
      this.#handlers.onLive({ catchUp: !this.#options.cursor });
    }
    for (const frame of answer.events) this.#handlers.onFrame(frame);
    this.#handlers.onCursor(answer.cursor);
    return answer.cursor;
  }

  #end(outcome) {
    if (this.#ended) return;
    this.#ended = true;
    this.#abort.abort();
    this.#handlers.onDown({ wasLive: this.live, ...outcome });
  }
}
