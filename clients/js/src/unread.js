/** Recounts a chat from the server at most this often after its deletions. */
const RECOUNT_AFTER_MS = 300;

/**
 * Unread counts per chat and in total, as the server defines them: messages from others, not
 * deleted, shown in the chat (a reply kept in its thread is not), above the user's read position.
 *
 * The server's count of a chat comes with the seq it counted up to (`GET /chats`: `unread_count`
 * and `last_seq` of one snapshot), fetched on every (re)connect, after the user's read moves (on
 * this device or another: `message_read` by the user) and after deletions. A message emitted
 * later adds one only above that seq — a message replayed on resume is never counted twice — and
 * only above the user's read position. A read that covers everything counted clears the chat at
 * once, before the server's answer.
 */
export class UnreadCounts {
  #chats = new Map();
  #recounting = null;
  #api;
  #timers;
  #userId;
  #onChange;

  /** `api`: {chats(), chat(chatId)} of the REST API; `userId()` the signed-in user; `onChange(snapshot)`. */
  constructor({ api, timers, userId, onChange }) {
    this.#api = api;
    this.#timers = timers;
    this.#userId = userId;
    this.#onChange = onChange;
  }

  /** `{total, chats: {chat_id: count}}` (chats with none left out). */
  snapshot() {
    const chats = Object.fromEntries([...this.#chats].filter(([, { count }]) => count > 0).map(([chatId, { count }]) => [chatId, count]));
    return { total: Object.values(chats).reduce((sum, count) => sum + count, 0), chats };
  }

  /** Every chat's count from the server (on connect). Messages emitted meanwhile are applied after. */
  async recount() {
    const during = [];
    this.#recounting = during;
    try {
      const fresh = new Map();
      for await (const chat of this.#api.chats({ pageSize: 100 })) fresh.set(chat.id, counted(chat, this.#userId()));
      this.#chats = fresh;
      for (const message of during) this.#add(message);
    } finally {
      if (this.#recounting === during) this.#recounting = null;
    }
    this.#onChange(this.snapshot());
  }

  messageEmitted(message) {
    this.#recounting?.push(message);
    if (this.#add(message)) this.#onChange(this.snapshot());
  }

  /** A `message_read` event (or this device's read): the user's own read moves change the count. */
  readMoved({ chat_id: chatId, seq, read_by: readBy }) {
    if (readBy !== this.#userId()) return;
    const chat = this.#chat(chatId);
    if (seq <= chat.readSeq) return;
    chat.readSeq = seq;
    if (seq >= chat.countedTo && chat.count > 0) {
      chat.count = 0;
      this.#onChange(this.snapshot());
    }
    if (seq < chat.countedTo) this.recountSoon(chatId);
  }

  /** Asks the server for one chat's count (after a deletion, or a partial read). */
  recountSoon(chatId) {
    this.#timers.set(`unread:${chatId}`, RECOUNT_AFTER_MS, () => this.#recountChat(chatId).catch(() => {}));
  }

  async #recountChat(chatId) {
    const fresh = counted(await this.#api.chat(chatId), this.#userId());
    const chat = this.#chat(chatId);
    if (fresh.countedTo < chat.countedTo) return; // an answer older than what was counted since
    this.#chats.set(chatId, { ...fresh, readSeq: Math.max(fresh.readSeq, chat.readSeq) });
    this.#onChange(this.snapshot());
  }

  /** Counts a message the server had not counted yet; answers whether the count changed. */
  #add(message) {
    const chat = this.#chat(message.chat_id);
    if (message.seq <= chat.countedTo) return false;
    chat.countedTo = message.seq;
    if (message.sender_id === this.#userId() || message.deleted || message.seq <= chat.readSeq) return false;
    if (message.shown_in_chat === false) return false; // a reply kept in its thread: counted per thread
    chat.count++;
    return true;
  }

  #chat(chatId) {
    if (!this.#chats.has(chatId)) this.#chats.set(chatId, { count: 0, countedTo: 0, readSeq: 0 });
    return this.#chats.get(chatId);
  }
}

/** A chat of `GET /chats`: its count, the seq it was counted up to and the user's read position. */
function counted(chat, userId) {
  const me = chat.members.find((member) => member.user_id === userId);
  return { count: chat.unread_count ?? 0, countedTo: chat.last_seq, readSeq: me?.last_read_seq ?? 0 };
}
