/**
 * Where the SDK keeps each chat's position (the highest seq it has emitted), so a new client —
 * a reloaded page — resumes from there. The contract of a position store:
 *
 * - `load()` answers (or resolves to) the `{chat_id: seq}` object last saved, or null/`{}`.
 * - `save(positions)` replaces it with the given object; it may be asynchronous. The SDK calls
 *   it at most every 250 ms while messages flow, and once more on `close()`.
 * - A store is used by one client at a time; two clients sharing one store may move each
 *   other's positions back (harmless: a position that is too low only costs a duplicate that
 *   the SDK drops).
 */
export class MemoryPositionStore {
  #positions = {};

  load() {
    return { ...this.#positions };
  }

  save(positions) {
    this.#positions = { ...positions };
  }
}

/** Positions in the browser's `localStorage` under one key (one key per user, say). */
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

  save(positions) {
    this.#storage.setItem(this.#key, JSON.stringify(positions));
  }
}
