import { h } from './dom.js';
import { dayKey, dayLabel } from './format.js';

/** Older history is fetched when the reader scrolls this close to the top. */
const NEAR_TOP_PX = 200;
const NEAR_BOTTOM_PX = 80;

/**
 * A chat's messages on screen, in seq order with day separators, whatever order they arrive in
 * (history pages, live messages, acks); each seq once. Scrolling up pages history in; a reader
 * at the bottom stays there as messages arrive.
 */
export class MessageList {
  #messages = new Map();
  #pending = new Map();
  #history;
  #hasMore = true;
  /** The lowest seq history pages brought (a thread's root, put first, is below every page). */
  #lowestPaged = Infinity;
  #loading = null;
  #render;
  #renderStatus;
  #start;

  /**
   * `pages`: the async iterator of history pages; `render(message)` and `renderPending(pending)` build items,
   * `renderStatus(message)` an item's `.status` mark (or null).
   */
  constructor({ pages, render, renderStatus, renderPending, label, start = 'This is the beginning of the chat.' }) {
    this.#start = start;
    this.#history = pages;
    this.#render = render;
    this.#renderStatus = renderStatus;
    this.renderPending = renderPending;
    this.stored = h('ol', { class: 'messages' });
    this.waiting = h('ol', { class: 'messages pending-list' });
    this.status = h('p', { class: 'history-status', 'aria-live': 'polite' });
    this.element = h('div', { class: 'scroller', role: 'log', 'aria-label': label, tabindex: '0', onscroll: () => this.#scrolled() },
      this.status, this.stored, this.waiting);
  }

  message(seq) {
    return this.#messages.get(seq)?.message ?? null;
  }

  get lastSeq() {
    return Math.max(0, ...this.#messages.keys());
  }

  /** Pages in history until the view is full or the chat's start is reached. */
  async fillView() {
    do await this.loadOlder();
    while (this.#hasMore && this.element.scrollHeight <= this.element.clientHeight);
    this.scrollToBottom();
  }

  /**
   * Pages history in until message `seq` is here or the chat's start is reached; answers its item,
   * or null when history does not hold it (deleted since, or a thread reply kept in its thread).
   */
  async loadUntil(seq) {
    while (!this.#messages.has(seq) && this.#hasMore && this.#lowestPaged > seq) await this.loadOlder();
    return this.#messages.get(seq)?.item ?? null;
  }

  /** Scrolls message `seq` into the middle of the view and marks it (a search result opened). */
  spotlight(seq) {
    const item = this.#messages.get(seq)?.item;
    if (!item) return;
    for (const other of this.stored.querySelectorAll('li.found')) other.classList.remove('found');
    item.classList.add('found');
    item.scrollIntoView({ block: 'center' });
  }

  loadOlder() {
    if (!this.#hasMore) return Promise.resolve();
    this.#loading ??= this.#loadPage().finally(() => (this.#loading = null));
    return this.#loading;
  }

  /** Adds or replaces a message (live, acked, edited, deleted). */
  put(message) {
    this.#keepingBottom(() => {
      if (message.client_id) this.removePending(message.client_id);
      this.#place(message);
      this.#refreshDays();
    });
  }

  /** Re-renders every item (the pins loaded). */
  rerender() {
    for (const { message } of this.#messages.values()) this.#place(message);
    this.#refreshDays();
  }

  /** Re-renders one item (pinned or unpinned). */
  rerenderOne(seq) {
    const message = this.message(seq);
    if (message) this.#place(message);
  }

  /**
   * Swaps the items' status marks for current ones (delivered, read), leaving the rest of each item
   * alone: receipts come often, and a button replaced between press and release loses its click.
   */
  refreshStatuses() {
    for (const { message, item } of this.#messages.values()) {
      const old = item.querySelector('.status');
      const current = this.#renderStatus(message);
      if (old && current && old.dataset.status !== current.dataset.status) old.replaceWith(current);
    }
  }

  /**
   * Swaps one part of message `seq`'s item (`selector`, e.g. its thread summary) for `part`, the
   * message kept as `message`: as with the status marks, the rest of the item stays under the pointer.
   */
  swapPart(message, selector, part) {
    const entry = this.#messages.get(message.seq);
    if (!entry) return;
    entry.message = message;
    this.#keepingBottom(() => entry.item.querySelector(selector)?.replaceWith(part));
  }

  showPending(pending) {
    this.#keepingBottom(() => {
      const item = this.renderPending(pending);
      const old = this.#pending.get(pending.client_id);
      if (old) old.replaceWith(item);
      else this.waiting.append(item);
      this.#pending.set(pending.client_id, item);
    });
  }

  removePending(clientId) {
    this.#pending.get(clientId)?.remove();
    this.#pending.delete(clientId);
  }

  scrollToBottom() {
    this.element.scrollTop = this.element.scrollHeight;
  }

  async #loadPage() {
    this.status.textContent = 'Loading earlier messages…';
    const page = await this.#history.next();
    this.#hasMore = !page.done && page.value.length > 0;
    const fromBottom = this.element.scrollHeight - this.element.scrollTop;
    for (const message of page.value ?? []) {
      this.#lowestPaged = Math.min(this.#lowestPaged, message.seq);
      if (!this.#messages.has(message.seq)) this.#place(message);
    }
    this.#refreshDays();
    this.element.scrollTop = this.element.scrollHeight - fromBottom;
    this.status.textContent = this.#hasMore ? '' : this.#start;
  }

  #scrolled() {
    if (this.element.scrollTop < NEAR_TOP_PX) this.loadOlder().catch((error) => (this.status.textContent = error.message));
  }

  #place(message) {
    const item = this.#render(message);
    const old = this.#messages.get(message.seq)?.item;
    this.#messages.set(message.seq, { message, item });
    if (old) return old.replaceWith(item);
    const next = [...this.stored.querySelectorAll('li.message')].find((other) => Number(other.dataset.seq) > message.seq);
    this.stored.insertBefore(item, next ?? null);
  }

  #refreshDays() {
    for (const separator of this.stored.querySelectorAll('li.day')) separator.remove();
    let previous = null;
    for (const item of this.stored.querySelectorAll('li.message')) {
      const day = dayKey(item.dataset.day);
      if (day !== previous) item.before(h('li', { class: 'day', role: 'separator' }, dayLabel(item.dataset.day)));
      previous = day;
    }
  }

  #keepingBottom(change) {
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < NEAR_BOTTOM_PX;
    change();
    if (atBottom) this.scrollToBottom();
  }
}
