/** Recounts from the server at most this often after reads and deletions. */
const RECOUNT_AFTER_MS = 300;

/**
 * Unread counts per chat and in total, as the server defines them: messages from others, not
 * deleted, above the user's read position. Counted by the server on every (re)connect and after
 * the user's own read moves and deletions; between those, each new message from someone else
 * above the read position adds one.
 */
export class UnreadCounts {
  #counts = new Map();
  #readSeq = new Map();
  #fetchUnread;
  #timers;
  #userId;
  #onChange;

  /** `fetchUnread()` answers GET /unread; `userId()` the signed-in user; `onChange(snapshot)`. */
  constructor({ fetchUnread, timers, userId, onChange }) {
    this.#fetchUnread = fetchUnread;
    this.#timers = timers;
    this.#userId = userId;
    this.#onChange = onChange;
  }

  /** `{total, chats: {chat_id: count}}` (chats with none left out). */
  snapshot() {
    const chats = Object.fromEntries([...this.#counts].filter(([, count]) => count > 0));
    return { total: Object.values(chats).reduce((sum, count) => sum + count, 0), chats };
  }

  async recount() {
    const { chats } = await this.#fetchUnread();
    this.#counts = new Map(chats.map(({ chat_id: chatId, unread }) => [chatId, unread]));
    this.#onChange(this.snapshot());
  }

  recountSoon() {
    this.#timers.set('unread:recount', RECOUNT_AFTER_MS, () => this.recount().catch(() => {}));
  }

  messageEmitted(message) {
    if (message.sender_id === this.#userId() || message.deleted) return;
    if (message.seq <= (this.#readSeq.get(message.chat_id) ?? 0)) return;
    this.#counts.set(message.chat_id, (this.#counts.get(message.chat_id) ?? 0) + 1);
    this.#onChange(this.snapshot());
  }

  /** A `message_read` event: the user's own read moves change the count. */
  readMoved({ chat_id: chatId, seq, read_by: readBy }) {
    if (readBy !== this.#userId()) return;
    this.#readSeq.set(chatId, Math.max(seq, this.#readSeq.get(chatId) ?? 0));
    this.recountSoon();
  }
}
