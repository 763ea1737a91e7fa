/**
 * Every timer the SDK sets goes through one of these, by name, so `close()` can clear them all
 * and a closed client never keeps a process or a page busy.
 */
export class Timers {
  #handles = new Map();
  #closed = false;

  /** Runs `fn` after `ms`, replacing any timer of the same name. */
  set(name, ms, fn) {
    this.clear(name);
    if (this.#closed) return;
    const handle = setTimeout(() => {
      this.#handles.delete(name);
      fn();
    }, ms);
    this.#handles.set(name, handle);
  }

  has(name) {
    return this.#handles.has(name);
  }

  clear(name) {
    clearTimeout(this.#handles.get(name));
    this.#handles.delete(name);
  }

  clearAll() {
    this.#closed = true;
    for (const handle of this.#handles.values()) clearTimeout(handle);
    this.#handles.clear();
  }
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(cap, base · 2^attempt)), so
 * many clients dropped at once by a restart do not come back in step.
 */
export function backoffDelay(attempt, { baseMs = 500, capMs = 30_000, random = Math.random } = {}) {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
