/** Positions are written to the store at most this often while messages flow. */
const SAVE_EVERY_MS = 250;

/**
 * What a reloaded page needs to carry on, kept in the position store: the positions it resumes
 * from (`{chat_id: seq, notifications: seq}`), the last change number per chat (`changes`,
 * `{chat_id: number}`) and the sends not acknowledged yet (re-sent with
 * their `client_id`, so a send cut short by a reload goes out exactly once).
 *
 * Positions are saved at most every 250 ms; a change to the unsent messages is saved at once
 * (the page may be closed the next instant). `snapshot()` answers `{positions, changes, outbox}`.
 */
export class SavedState {
  #store;
  #timers;
  #snapshot;

  constructor({ store, timers, snapshot }) {
    this.#store = store;
    this.#timers = timers;
    this.#snapshot = snapshot;
  }

  /** `{positions, changes, outbox}` as last saved (empty ones for a new store or a corrupt entry). */
  async load() {
    const saved = (await this.#store.load()) ?? {};
    return { positions: saved.positions ?? {}, changes: saved.changes ?? {}, outbox: Array.isArray(saved.outbox) ? saved.outbox : [] };
  }

  saveSoon() {
    if (this.#timers.has('state:save')) return;
    this.#timers.set('state:save', SAVE_EVERY_MS, () => this.#save());
  }

  /** Saves now; what the store answers (a promise for asynchronous stores). */
  saveNow() {
    this.#timers.clear('state:save');
    return this.#save();
  }

  /** A full or refused store costs a longer resume after a reload, never a broken client or send. */
  async #save() {
    try {
      await this.#store.save(this.#snapshot());
    } catch {
      // nothing to do: the next save tries again
    }
  }
}
