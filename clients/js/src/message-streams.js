import { ChatStream } from './chat-stream.js';

/** Positions are written to the store at most this often. */
const SAVE_EVERY_MS = 250;

/**
 * Every chat's ordered stream and the positions behind them, kept in the position store so a
 * reloaded page resumes where it stopped. A chat is tracked from its stored position, from
 * `track()`, from the seq at which the user joined it, or else from the first message seen.
 */
export class MessageStreams {
  #streams = new Map();
  #store;
  #timers;
  #fetchAfter;
  #emit;
  #onGap;

  /** `emit(message)` gets each message once, in order; `fetchAfter` and `onGap` as for ChatStream. */
  constructor({ store, timers, fetchAfter, emit, onGap }) {
    this.#store = store;
    this.#timers = timers;
    this.#fetchAfter = fetchAfter;
    this.#emit = emit;
    this.#onGap = onGap;
  }

  async load() {
    const positions = (await this.#store.load()) ?? {};
    for (const [chatId, seq] of Object.entries(positions)) this.track(Number(chatId), seq);
  }

  /** `{chat_id: last seq emitted}` of every tracked chat: what `resume` sends. */
  positions() {
    const positions = {};
    for (const [chatId, stream] of this.#streams) positions[chatId] = stream.position;
    return positions;
  }

  /** Starts a chat's stream after `seq` unless it is tracked already. */
  track(chatId, seq) {
    if (this.#streams.has(chatId)) return;
    this.#streams.set(chatId, new ChatStream(chatId, seq, {
      fetchAfter: this.#fetchAfter,
      timers: this.#timers,
      emit: (message) => this.#emitted(message),
      onGap: this.#onGap,
    }));
    this.#saveSoon();
  }

  tracked(chatId) {
    return this.#streams.has(chatId);
  }

  forget(chatId) {
    this.#streams.get(chatId)?.stop();
    this.#streams.delete(chatId);
    this.#saveSoon();
  }

  accept(message) {
    this.track(message.chat_id, message.seq - 1);
    this.#streams.get(message.chat_id).accept(message);
  }

  /** After a transport that started live without a cursor: fetch what each chat missed. */
  catchUpAll() {
    return Promise.all([...this.#streams.values()].map((stream) => stream.catchUp()));
  }

  /** Writes the positions now (on close). */
  async flush() {
    this.#timers.clear('positions:save');
    await this.#store.save(this.positions());
  }

  stop() {
    for (const stream of this.#streams.values()) stream.stop();
  }

  #emitted(message) {
    this.#saveSoon();
    this.#emit(message);
  }

  #saveSoon() {
    if (this.#timers.has('positions:save')) return;
    this.#timers.set('positions:save', SAVE_EVERY_MS, () => this.#store.save(this.positions()));
  }
}
