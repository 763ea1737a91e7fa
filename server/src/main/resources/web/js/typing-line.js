import { h } from './dom.js';

/** A typing indicator clears itself this long after the last "typing" heard (the sender's SDK repeats it every 3 s). */
const EXPIRES_MS = 8000;

/** "Bob is typing…" under a chat's messages. */
export class TypingLine {
  #typists = new Map();
  #users;

  constructor(users) {
    this.#users = users;
    this.element = h('p', { class: 'typing', 'aria-live': 'polite' });
  }

  started(userId) {
    clearTimeout(this.#typists.get(userId));
    this.#typists.set(userId, setTimeout(() => this.stopped(userId), EXPIRES_MS));
    this.#render();
  }

  stopped(userId) {
    if (!this.#typists.has(userId)) return;
    clearTimeout(this.#typists.get(userId));
    this.#typists.delete(userId);
    this.#render();
  }

  clear() {
    for (const userId of [...this.#typists.keys()]) this.stopped(userId);
  }

  async #render() {
    const names = await Promise.all([...this.#typists.keys()].map((userId) => this.#users.nameOf(userId)));
    if (names.length !== this.#typists.size) return; // changed meanwhile: the later render wins
    this.element.textContent = names.length === 0 ? '' : `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  }
}
