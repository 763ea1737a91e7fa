/**
 * Messages the server is still writing (`state: "streaming"`), grown by `message_delta {chat_id,
 * seq, offset, text}` events. A delta is applied where it starts (`offset`, in characters of the
 * body so far): one already applied changes nothing; one that starts past the end — a delta was
 * missed — or one for a message not seen yet refetches the message, which carries the body so
 * far. `grew(message)` gets the message each time its body changes. Streams end with the
 * `message_updated` that carries `state: "complete"`.
 */
export class StreamingMessages {
  #messages = new Map();
  #refetching = new Set();
  #fetchMessage;
  #grew;

  /** `fetchMessage(chatId, seq)` answers the stored message; `grew(message)`. */
  constructor({ fetchMessage, grew }) {
    this.#fetchMessage = fetchMessage;
    this.#grew = grew;
  }

  /** A message as emitted or updated: followed while it streams, forgotten once complete. */
  seen(message) {
    const key = keyOf(message.chat_id, message.seq);
    if (message.state === 'streaming') this.#messages.set(key, message);
    else this.#messages.delete(key);
  }

  delta({ chat_id: chatId, seq, offset, text }) {
    const message = this.#messages.get(keyOf(chatId, seq));
    if (!message || offset > message.body.length) return void this.#refetch(chatId, seq);
    if (offset + text.length <= message.body.length) return;
    this.#changed({ ...message, body: message.body.slice(0, offset) + text });
  }

  #changed(message) {
    this.seen(message);
    this.#grew(message);
  }

  async #refetch(chatId, seq) {
    const key = keyOf(chatId, seq);
    if (this.#refetching.has(key)) return;
    this.#refetching.add(key);
    try {
      const message = await this.#fetchMessage(chatId, seq);
      if (message) this.#changed(message);
    } catch {
      // the next delta tries again; `message_updated` ends the stream with the whole body anyway
    } finally {
      this.#refetching.delete(key);
    }
  }
}

function keyOf(chatId, seq) {
  return `${chatId}:${seq}`;
}
