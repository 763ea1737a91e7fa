import { errorNotice, h } from './dom.js';
import { timeOf } from './format.js';

/** Results asked for per page (the API allows 1–100). */
const PAGE = 20;

/**
 * Message search in the sidebar (GET /search/messages): Enter searches, Escape closes. The results
 * (chat, sender, time, and the snippet with the matched words marked) stand in for the chat list
 * until closed; "More results" pages on with the cursor; a result opens its chat at that message.
 * `app`: {api, chatTitle(chatId), senderName(userId), open(chatId, seq, threadRootSeq), toggleList(visible)}.
 */
export class MessageSearch {
  #app;
  #query = '';
  #cursor = null;
  #run = 0; // a newer search drops the late answer of an older one

  constructor(app) {
    this.#app = app;
    const escape = (event) => event.key === 'Escape' && (event.preventDefault(), this.close());
    this.input = h('input', { type: 'search', name: 'q', 'aria-label': 'Search messages', placeholder: 'Search messages', maxlength: '200', autocomplete: 'off' });
    this.form = h('form', { class: 'search', role: 'search', onsubmit: (event) => (event.preventDefault(), this.search(this.input.value)), onkeydown: escape },
      this.input, h('button', { type: 'submit' }, 'Search'));
    this.status = h('div', { class: 'search-status', 'aria-live': 'polite' });
    this.list = h('ol', { class: 'search-results', 'aria-label': 'Search results' });
    this.more = h('button', { type: 'button', class: 'secondary more', hidden: true, onclick: () => this.#page() }, 'More results');
    this.results = h('section', { class: 'search-panel', 'aria-label': 'Message search', hidden: true, onkeydown: escape },
      h('div', { class: 'search-head' }, this.status, h('button', { type: 'button', class: 'secondary', onclick: () => this.close() }, 'Close search')),
      this.list, this.more);
  }

  /** A new search for `query`: its first page replaces whatever was shown. */
  search(query) {
    this.#query = query.trim();
    this.#cursor = null;
    this.#run++;
    this.list.replaceChildren();
    this.more.hidden = true;
    this.#show(true);
    if (!this.#query) return void this.#say('Type a word to search your messages for.');
    return this.#page();
  }

  close() {
    this.#run++;
    this.#show(false);
    this.list.replaceChildren();
    this.input.value = '';
    this.input.focus();
  }

  #show(visible) {
    this.results.hidden = !visible;
    this.#app.toggleList(!visible);
  }

  async #page() {
    const run = this.#run;
    const paging = this.#cursor !== null;
    this.#say('Searching…');
    this.more.hidden = true;
    let page;
    try {
      page = await this.#app.api.search(this.#query, { cursor: this.#cursor, limit: PAGE });
    } catch (error) {
      if (run === this.#run) this.status.replaceChildren(errorNotice({ message: problemOf(error) }, () => this.#page()));
      return;
    }
    if (run !== this.#run) return;
    const items = page.messages.map((message, i) => this.#item(message, page.hits[i]));
    this.list.append(...items);
    this.#cursor = page.nextCursor;
    this.more.hidden = !this.#cursor;
    const shown = this.list.children.length;
    this.#say(shown ? `${shown}${this.#cursor ? '+' : ''} found for “${this.#query}”` : `No messages match “${this.#query}”.`);
    if (paging) (items[0]?.querySelector('button') ?? this.input).focus(); // "More results" hid itself: focus the first new one
  }

  #say(text) {
    this.status.replaceChildren(h('p', {}, text));
  }

  /** One result: a button naming the chat and sender, the snippet as text with the hits marked. */
  #item(message, hit) {
    const chat = h('span', { class: 'result-chat' }, '…');
    const sender = h('span', { class: 'result-sender' });
    const button = h('button', { type: 'button', class: 'search-result', onclick: () => this.#open(hit, message.thread_root_seq) },
      chat, h('span', { class: 'result-time' }, timeOf(message.created_at)), sender,
      h('span', { class: 'result-snippet' }, marked(hit.snippet, hit.highlights)));
    Promise.all([this.#app.chatTitle(hit.chat_id), this.#app.senderName(message.sender_id)]).then(([title, name]) => {
      chat.textContent = title;
      sender.textContent = name;
      button.setAttribute('aria-label', `${title}, ${name}: ${hit.snippet}`);
    });
    return h('li', { 'data-chat-id': String(hit.chat_id), 'data-seq': String(hit.seq) }, button);
  }

  /** A thread reply's result says its root: one kept in its thread is found in the thread view. */
  async #open(hit, threadRootSeq) {
    try {
      await this.#app.open(hit.chat_id, hit.seq, threadRootSeq);
    } catch (error) {
      this.status.replaceChildren(errorNotice(error, () => this.#open(hit, threadRootSeq)));
    }
  }
}

/**
 * `snippet` as text, each highlight range (UTF-16 indices, end exclusive) in a `<mark>`: the
 * snippet is the message's own text and is never parsed as HTML.
 */
export function marked(snippet, highlights) {
  const parts = [];
  let at = 0;
  for (const { start, end } of [...highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || end <= start || end > snippet.length) continue; // overlapping or out of range: left plain
    parts.push(snippet.slice(at, start), h('mark', {}, snippet.slice(start, end)));
    at = end;
  }
  parts.push(snippet.slice(at));
  return parts.filter((part) => part !== '');
}

function problemOf(error) {
  if (error?.status === 429) return `Too many searches just now. Try again${error.retryAfter ? ` in ${error.retryAfter} s` : ' shortly'}.`;
  if (error?.code === 'network_error') return 'Search failed: the server cannot be reached. Check the connection and try again.';
  return `Search failed: ${error?.message ?? error}`;
}
