import { VestnikError } from './errors.js';
import { backoffDelay } from './timers.js';

let counter = 0;

/** A client_id unique per sender and chat: random where the platform offers it. */
export function newClientId() {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `c-${random}-${++counter}`;
}

/**
 * Optimistic sends. Each message waits here, under its `client_id`, until the server acknowledges
 * it: over the live WebSocket (re-sent on every new socket until an `ack`) or, on SSE and long
 * poll, over HTTP one at a time in send order. The server stores a `client_id` once, so re-sending
 * is always safe. A message fails only on a definitive error (invalid, forbidden, not found...).
 *
 * `transmit` answers the way out now: `{mode()}` → 'socket' | 'http' | null, `generation()` (a
 * number that changes with each live transport), `sendFrame(frame)`, `post(chatId, content)`.
 * `changed()` is called when a message joins or leaves the outbox, so `saved()` can be kept
 * for the next page: `restore()` re-queues those sends with their `client_id`.
 */
export class Outbox {
  #entries = new Map();
  #transmit;
  #timers;
  #changed;
  #posting = false;
  #failures = 0;

  constructor({ transmit, timers, changed }) {
    this.#transmit = transmit;
    this.#timers = timers;
    this.#changed = changed;
  }

  /** Queues `content` ({body, reply_to_seq, attachment_ids, forward}) and answers its pending message. */
  add(chatId, content) {
    const pending = this.#queue(chatId, content);
    this.#changed();
    this.flush();
    return pending;
  }

  /** `[{chat_id, content}]`: the unacknowledged sends, in order, as `restore()` takes them. */
  saved() {
    return [...this.#entries.values()].map(({ pending, content }) => ({ chat_id: pending.chat_id, content }));
  }

  /** Queues the sends an earlier client saved (sent once a transport is live). */
  restore(saved) {
    for (const { chat_id: chatId, content } of saved) if (!this.#entries.has(content.client_id)) this.#queue(chatId, content);
  }

  #queue(chatId, content) {
    const pending = { client_id: content.client_id ?? newClientId(), chat_id: chatId, status: 'pending', message: null, error: null };
    Object.assign(pending, withoutClientId(content));
    let settle;
    pending.stored = new Promise((resolve, reject) => (settle = { resolve, reject }));
    pending.stored.catch(() => {}); // an app that never awaits it must not see an unhandled rejection
    this.#entries.set(pending.client_id, { pending, settle, content: { ...content, client_id: pending.client_id }, sentOn: null });
    return pending;
  }

  /** Messages not yet acknowledged, in send order. */
  get pending() {
    return [...this.#entries.values()].map((entry) => entry.pending);
  }

  /** Sends what waits over the way out available now. */
  flush() {
    if (this.#timers.has('outbox:retry')) return;
    const mode = this.#transmit.mode();
    if (mode === 'socket') this.#sendOverSocket();
    else if (mode === 'http') this.#postInOrder();
  }

  acked(clientId, message) {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    this.#entries.delete(clientId);
    this.#failures = 0;
    this.#changed();
    Object.assign(entry.pending, { status: 'sent', message });
    entry.settle.resolve(message);
  }

  /** An error for one send: definitive ones fail it, the rest re-send after a pause. */
  failed(clientId, error) {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    if (error.retryable) return this.#retryLater(error);
    this.#entries.delete(clientId);
    this.#changed();
    this.#reject(entry, error);
  }

  /** Fails every waiting message (the client is closing); what was saved stays for the next client. */
  close() {
    const error = new VestnikError('closed', 'The client was closed.');
    for (const entry of this.#entries.values()) this.#reject(entry, error);
    this.#entries.clear();
  }

  #reject(entry, error) {
    Object.assign(entry.pending, { status: 'failed', error });
    entry.settle.reject(error);
  }

  #sendOverSocket() {
    const generation = this.#transmit.generation();
    for (const entry of this.#entries.values()) {
      if (entry.sentOn === generation) continue;
      if (!this.#transmit.sendFrame({ type: 'send', chat_id: entry.pending.chat_id, ...entry.content })) return;
      entry.sentOn = generation;
    }
  }

  /** One request at a time, so a chat's messages are stored in the order they were sent. */
  async #postInOrder() {
    if (this.#posting) return;
    this.#posting = true;
    try {
      for (const [clientId, entry] of this.#entries) {
        if (this.#transmit.mode() !== 'http' || this.#timers.has('outbox:retry')) break;
        await this.#post(clientId, entry);
      }
    } finally {
      this.#posting = false;
    }
  }

  async #post(clientId, entry) {
    try {
      this.acked(clientId, await this.#transmit.post(entry.pending.chat_id, entry.content));
    } catch (error) {
      if (error.code !== 'aborted') this.failed(clientId, error);
    }
  }

  /** Everything not acknowledged is sent again after the pause, in order. */
  #retryLater(error) {
    for (const entry of this.#entries.values()) entry.sentOn = null;
    const delay = error.retryAfter ? error.retryAfter * 1000 : backoffDelay(this.#failures++, { baseMs: 1000 });
    this.#timers.set('outbox:retry', delay, () => this.flush());
  }
}

function withoutClientId({ client_id: _ignored, ...rest }) {
  return rest;
}
