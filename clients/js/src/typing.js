/**
 * Typing indicators with the server's rules in mind: call `typing(chatId)` on every keystroke;
 * it tells the server at most once per `renewMs` (the server drops changes past about one a
 * second and clears a state not renewed within 6 s), and says "stopped" by itself after `idleMs`
 * without a keystroke.
 */
export class TypingSender {
  #send;
  #timers;
  #renewMs;
  #idleMs;
  #sentAt = new Map();

  /** `send(chatId, isTyping)` delivers the change (socket frame or HTTP). */
  constructor({ send, timers, renewMs = 3000, idleMs = 5000 }) {
    this.#send = send;
    this.#timers = timers;
    this.#renewMs = renewMs;
    this.#idleMs = idleMs;
  }

  typing(chatId) {
    const sentAt = this.#sentAt.get(chatId);
    if (sentAt === undefined || Date.now() - sentAt >= this.#renewMs) {
      this.#sentAt.set(chatId, Date.now());
      this.#send(chatId, true);
    }
    this.#timers.set(`typing:${chatId}`, this.#idleMs, () => this.stop(chatId));
  }

  stop(chatId) {
    this.#timers.clear(`typing:${chatId}`);
    if (!this.#sentAt.delete(chatId)) return;
    this.#send(chatId, false);
  }
}
