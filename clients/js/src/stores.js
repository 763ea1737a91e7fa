/**
 * Where the SDK keeps what a new client — a reloaded page — needs to carry on: each stream's
 * position (`positions`: `{chat_id: seq, notifications: seq}`, the highest seq emitted) and the
 * sends not acknowledged yet (`outbox`). The contract of a position store:
 *
 * - `load()` answers (or resolves to) the `{positions, outbox}` object last saved, or null/`{}`.
 * - `save(state)` replaces it with the given JSON-safe object; it may be asynchronous. The SDK
 *   calls it at most every 250 ms while messages flow, at once when a send starts or ends, and
 *   once more on `close()`.
 * - A store is used by one client at a time; two clients sharing one store may move each
 *   other's positions back (harmless: a position that is too low only costs a duplicate that
 *   the SDK drops).
 */
export class MemoryPositionStore {
  #state = {};

  load() {
    return structuredClone(this.#state);
  }

  save(state) {
    this.#state = structuredClone(state);
  }
}

/** The state in the browser's `localStorage` (or `sessionStorage`) under one key (one key per user, say). */
export class LocalStoragePositionStore {
  #key;
  #storage;

  constructor(key = 'vestnik:positions', storage = globalThis.localStorage) {
    if (!storage) throw new TypeError('LocalStoragePositionStore needs localStorage (a browser).');
    this.#key = key;
    this.#storage = storage;
  }

  load() {
    try {
      return JSON.parse(this.#storage.getItem(this.#key) ?? '{}');
    } catch {
      return {}; // a corrupt entry costs a full resume, never a broken client
    }
  }

  save(state) {
    this.#storage.setItem(this.#key, JSON.stringify(state));
  }
}
