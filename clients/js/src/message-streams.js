import { ChatStream } from './chat-stream.js';

/**
 * Every chat's ordered stream and the positions behind them. A chat is tracked from its saved
 * position (`restore`), from `track()`, from the seq at which the user joined it, or else from
 * the first message seen. `changed()` is called whenever a position moves (to save it).
 */
export class MessageStreams {
  #streams = new Map();
  #timers;
  #fetchAfter;
  #emit;
  #onGap;
  #changed;

  /** `emit(message)` gets each message once, in order; `fetchAfter` and `onGap` as for ChatStream. */
  constructor({ timers, fetchAfter, emit, onGap, changed }) {
    this.#timers = timers;
    this.#fetchAfter = fetchAfter;
    this.#emit = emit;
    this.#onGap = onGap;
    this.#changed = changed;
  }

  /** Tracks the chats of saved positions (`{chat_id: seq}`). */
  restore(positions) {
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
    this.#changed();
  }

  tracked(chatId) {
    return this.#streams.has(chatId);
  }

  forget(chatId) {
    this.#streams.get(chatId)?.stop();
    this.#streams.delete(chatId);
    this.#changed();
  }

  accept(message) {
    this.track(message.chat_id, message.seq - 1);
    this.#streams.get(message.chat_id).accept(message);
  }

  /** After a transport that started live without a cursor: fetch what each chat missed. */
  catchUpAll() {
    return Promise.all([...this.#streams.values()].map((stream) => stream.catchUp()));
  }

  stop() {
    for (const stream of this.#streams.values()) stream.stop();
  }

  #emitted(message) {
    this.#changed();
    this.#emit(message);
  }
}
