/**
 * A minimal event emitter. A listener that throws never stops the others or the SDK (one broken
 * chat view must not break the page): its error is passed to the `error` listeners instead.
 */
export class Emitter {
  #listeners = new Map();

  /** Adds a listener; returns the function that removes it. */
  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return () => this.off(event, listener);
  }

  off(event, listener) {
    this.#listeners.get(event)?.delete(listener);
  }

  emit(event, payload) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        this.#reportListenerError(event, error);
      }
    }
  }

  removeAll() {
    this.#listeners.clear();
  }

  #reportListenerError(event, error) {
    if (event === 'error' || !this.#listeners.get('error')?.size) {
      console.error(`@vestnik/client: a "${event}" listener threw`, error);
    } else {
      this.emit('error', error);
    }
  }
}
