/**
 * Parses a Server-Sent Events byte stream (the HTML standard's rules, the parts Vestnik uses):
 * calls `onEvent({event, data, id})` for each complete event; comment lines are ignored.
 */
export class SseParser {
  #decoder = new TextDecoder();
  #buffer = '';
  #event = emptyEvent();
  #onEvent;

  constructor(onEvent) {
    this.#onEvent = onEvent;
  }

  push(bytes) {
    this.#buffer += this.#decoder.decode(bytes, { stream: true });
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    this.#buffer = lines.pop();
    for (const line of lines) this.#line(line);
  }

  #line(line) {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.#event.event = value;
    else if (field === 'data') this.#event.data.push(value);
    else if (field === 'id') this.#event.id = value;
  }

  #dispatch() {
    const { event, data, id } = this.#event;
    this.#event = emptyEvent();
    if (data.length) this.#onEvent({ event, data: data.join('\n'), id });
  }
}

function emptyEvent() {
  return { event: 'message', data: [], id: null };
}
