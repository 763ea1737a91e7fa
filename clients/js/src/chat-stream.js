/** Largest page the server gives for `after_seq` (api.md: limit 1–500). */
const PAGE = 500;
/** Wait before fetching again after a failed history fetch. */
const RETRY_MS = 1000;

/**
 * One chat's message stream as the app sees it (or the user's notifications, the same way, under
 * the id `notifications`): every message once, in seq order, with no gap.
 * `position` is the highest seq emitted. A message at or below it is a duplicate and dropped; one
 * above `position + 1` waits while the gap is fetched from history (`after_seq`) — and so does
 * everything after it. `catchUp()` fetches whatever the server stored after `position`.
 * A message of a user this user blocks comes as a placeholder `{chat_id, seq, hidden: true}`
 * (the `message_hidden` event, or a history page's `hidden_seqs`): it moves `position` on and is
 * never emitted, so the stream stays gapless.
 */
export class ChatStream {
  #early = new Map();
  #fetchAfter;
  #emit;
  #onGap;
  #timers;
  #wantsCatchUp = false;
  #fetching = false;

  /**
   * `fetchAfter(chatId, afterSeq, limit)` answers `{messages, has_more}`; `emit(message)`;
   * `onGap({chat_id, after_seq, seq})` when a message arrives with missing ones before it.
   */
  constructor(chatId, position, { fetchAfter, emit, onGap = () => {}, timers }) {
    this.chatId = chatId;
    this.position = position;
    this.#fetchAfter = fetchAfter;
    this.#emit = emit;
    this.#onGap = onGap;
    this.#timers = timers;
  }

  /** Messages held until the gap before them is filled. */
  get waiting() {
    return this.#early.size;
  }

  accept(message) {
    const { seq } = message;
    if (seq <= this.position || this.#early.has(seq)) return;
    if (seq !== this.position + 1) {
      if (!this.#fetching) this.#onGap({ chat_id: this.chatId, after_seq: this.position, seq });
      this.#early.set(seq, message);
      return void this.#fill();
    }
    this.#emitFrom(message);
  }

  catchUp() {
    this.#wantsCatchUp = true;
    return this.#fill();
  }

  stop() {
    this.#timers.clear(this.#retryTimer());
  }

  #emitFrom(message) {
    for (let next = message; next; next = this.#takeEarly(this.position + 1)) {
      this.position = next.seq;
      if (!next.hidden) this.#emit(next);
    }
  }

  #takeEarly(seq) {
    const message = this.#early.get(seq);
    this.#early.delete(seq);
    return message;
  }

  #hasGap() {
    return this.#early.size > 0 && !this.#early.has(this.position + 1);
  }

  /** One fetch loop per chat at a time; it runs until nothing is missing. */
  async #fill() {
    if (this.#fetching) return;
    this.#fetching = true;
    try {
      while (this.#wantsCatchUp || this.#hasGap()) await this.#fetchPage();
    } catch (error) {
      if (error.code !== 'aborted') this.#timers.set(this.#retryTimer(), RETRY_MS, () => this.#fill());
    } finally {
      this.#fetching = false;
    }
  }

  async #fetchPage() {
    const { messages, has_more: hasMore, hidden_seqs: hiddenSeqs = [] } = await this.#fetchAfter(this.chatId, this.position, PAGE);
    const items = [...messages, ...hiddenSeqs.map((seq) => hiddenMessage(this.chatId, seq))].sort((a, b) => a.seq - b.seq);
    for (const item of items) this.accept(item);
    if (!hasMore || items.length === 0) {
      this.#wantsCatchUp = false;
      // Nothing stored fills the gap (held messages of a chat that was reset): move past it.
      if (this.#hasGap()) this.#emitFrom(this.#takeEarly(Math.min(...this.#early.keys())));
    }
  }

  #retryTimer() {
    return `chat:${this.chatId}:fill`;
  }
}

/** The placeholder of a message the user must not see, in its seq's place. */
export function hiddenMessage(chatId, seq) {
  return { chat_id: chatId, seq, hidden: true };
}
