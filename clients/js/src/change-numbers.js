/**
 * The last change number seen per chat (decision 0029): every change to a chat — an edit, a
 * deletion, a reaction, a pin — arrives as an event carrying `change`, numbered 1, 2, 3, … per
 * chat. The server writes each connection a chat's changes once and in order; across
 * reconnects and transport switches the same change may come again, and is applied once here.
 * `resume` sends these numbers (`changes`) so the server replays the changes missed meanwhile.
 */
export class ChangeNumbers {
  #numbers = new Map();

  /** Tracks the chats of saved numbers (`{chat_id: number}`). */
  restore(numbers) {
    for (const [chatId, number] of Object.entries(numbers ?? {})) {
      if (Number.isSafeInteger(number) && number >= 0) this.#numbers.set(Number(chatId), number);
    }
  }

  /**
   * True when `frame` is not a change, or is a change not seen yet (its number is taken); false
   * for a change already applied, which must be dropped.
   */
  accept(frame) {
    if (!Number.isSafeInteger(frame.change) || !Number.isSafeInteger(frame.chat_id)) return true;
    if (frame.change <= (this.#numbers.get(frame.chat_id) ?? 0)) return false;
    this.#numbers.set(frame.chat_id, frame.change);
    return true;
  }

  /** `{chat_id: last change number}`: what `resume` sends as `changes`. */
  positions() {
    return Object.fromEntries(this.#numbers);
  }

  forget(chatId) {
    this.#numbers.delete(chatId);
  }
}
