import { h, messageOf } from './dom.js';
import { dayLabel, timeOf } from './format.js';

/** The panel keeps the newest this many. */
const KEPT = 100;
/** Largest page of GET /notifications. */
const PAGE = 500;

/**
 * The bell in the header with the unread count, and its panel: the user's notifications, newest
 * first. Seqs number a user's notifications without gaps and the server counts unread as the last
 * seq minus the read position, so the count is `lastSeq - readSeq` from the highest seq heard (a
 * page, a live `notification`, a read's answer) and the read position: a notification heard twice
 * (live, then in a page) counts once. Opening the panel marks read up to the newest shown. The
 * server sends no event when notifications are read, so another device's read is learned by
 * `refresh()`: on opening, on reconnecting, and when the page becomes visible again.
 * `api`: the SDK's `client.api`.
 */
export class NotificationBell {
  #api;
  #entries = new Map();
  #lastSeq = 0;
  #readSeq = 0;
  #fetched = 0;
  #refreshing = null;
  /** While the panel is open, it shows as unread what was unread when it opened. */
  #unreadAbove = null;

  constructor(api) {
    this.#api = api;
    this.badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    this.button = h('button', { type: 'button', class: 'bell secondary', 'aria-label': 'Notifications', 'aria-expanded': 'false',
      'aria-controls': 'notification-panel', onclick: () => (this.panel.hidden ? this.open() : this.close()) },
    h('span', { class: 'bell-icon', 'aria-hidden': 'true' }), this.badge);
    this.list = h('ol', { class: 'notification-list' });
    this.status = h('p', { class: 'notification-status', 'aria-live': 'polite' });
    this.panel = h('section', { id: 'notification-panel', class: 'notification-panel', 'aria-labelledby': 'notification-title', tabindex: '-1', hidden: true,
      onkeydown: (event) => event.key === 'Escape' && this.close() },
    h('h2', { id: 'notification-title' }, 'Notifications'), this.status, this.list);
    this.element = h('div', { class: 'notifications' }, this.button, this.panel);
  }

  get unread() {
    return Math.max(0, this.#lastSeq - this.#readSeq);
  }

  /** A live `notification` event (the SDK gives each once, in seq order; a fresh tab's from seq 1). */
  arrived(notification) {
    this.#add(notification);
    this.#render();
  }

  /** Fetches what came after the last page fetched and the server's unread count. */
  refresh() {
    this.#refreshing ??= this.#fetchNew().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async open() {
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.#unreadAbove = this.#readSeq;
    this.#render();
    this.panel.focus();
    try {
      this.status.textContent = 'Loading…';
      await this.refresh();
      this.#unreadAbove = this.#readSeq;
      const newest = Math.max(0, ...this.#entries.keys());
      if (newest > this.#readSeq) this.#readAnswered(await this.#api.markNotificationsRead(newest));
      this.status.textContent = this.#entries.size ? '' : 'No notifications yet.';
    } catch (error) {
      this.status.textContent = `Could not load notifications: ${messageOf(error)}`;
    }
    this.#render();
  }

  close() {
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    this.#unreadAbove = null;
    this.#render();
    this.button.focus();
  }

  async #fetchNew() {
    let page;
    do {
      page = await this.#api.notifications(this.#fetched, PAGE);
      for (const notification of page.notifications) this.#add(notification);
      this.#fetched = Math.max(this.#fetched, ...page.notifications.map((notification) => notification.seq));
    } while (page.has_more);
    // `unread` may count one stored after the page was read: the read position is at least this.
    this.#readUpTo(this.#fetched - page.unread);
    this.#render();
  }

  #readAnswered({ read_seq: readSeq, unread }) {
    this.#lastSeq = Math.max(this.#lastSeq, readSeq + unread);
    this.#readUpTo(readSeq);
  }

  #readUpTo(seq) {
    this.#readSeq = Math.max(this.#readSeq, seq);
  }

  #add(notification) {
    const { seq } = notification;
    this.#lastSeq = Math.max(this.#lastSeq, seq);
    if (notification.read) this.#readUpTo(seq);
    if (this.#entries.has(seq) || (this.#entries.size >= KEPT && seq < Math.min(...this.#entries.keys()))) return;
    const item = itemOf(notification);
    this.#entries.set(seq, { notification, item });
    const older = [...this.list.children].find((other) => Number(other.dataset.seq) < seq);
    this.list.insertBefore(item, older ?? null);
    if (this.#entries.size > KEPT) this.#drop(Math.min(...this.#entries.keys()));
  }

  #drop(seq) {
    this.#entries.get(seq).item.remove();
    this.#entries.delete(seq);
  }

  /** The count on the bell and each item's read mark, updated in place. */
  #render() {
    const count = this.unread;
    this.badge.hidden = count === 0;
    this.badge.textContent = String(count);
    this.button.setAttribute('aria-label', count ? `Notifications, ${count} unread` : 'Notifications');
    const readUpTo = this.#unreadAbove ?? this.#readSeq;
    for (const [seq, { item }] of this.#entries) {
      const unread = seq > readUpTo;
      const state = item.querySelector('.notification-state');
      item.classList.toggle('unread', unread);
      state.className = `notification-state${unread ? '' : ' visually-hidden'}`;
      state.textContent = unread ? 'New' : 'Read';
    }
  }
}

function itemOf({ seq, title, body, created_at: createdAt }) {
  return h('li', { class: 'notification', 'data-seq': String(seq) },
    h('div', { class: 'notification-head' },
      h('strong', { class: 'notification-title' }, title),
      h('span', { class: 'notification-state' })),
    body && h('p', { class: 'notification-body' }, body),
    h('time', { class: 'notification-time', datetime: createdAt }, `${dayLabel(createdAt)}, ${timeOf(createdAt)}`));
}
