import { h } from './dom.js';
import { previewOf, timeOf } from './format.js';

/**
 * The user's chats, most recent activity first, each with its last message, unread badge and,
 * for direct chats, the other person's online dot. `app`: {myId, titleOf(chat), open(chatId)}.
 */
export class ChatList {
  #entries = new Map();
  #unread = {};
  #online = new Map();
  #selected = null;
  #app;

  constructor(app) {
    this.#app = app;
    this.list = h('ul', { class: 'chat-list' });
    this.element = h('nav', { class: 'chats', 'aria-label': 'Chats' }, this.list);
  }

  has(chatId) {
    return this.#entries.has(chatId);
  }

  chat(chatId) {
    return this.#entries.get(chatId)?.chat ?? null;
  }

  /** [{id, title}] in list order. */
  chats() {
    return this.#sorted().map(({ chat, title }) => ({ id: chat.id, title }));
  }

  /** The other member of each direct or listing chat: whose presence to show. */
  partners() {
    return [...new Set([...this.#entries.values()].map(({ chat }) => this.#partnerOf(chat)).filter(Boolean))];
  }

  upsert(chat) {
    const entry = this.#entries.get(chat.id) ?? { title: '…' };
    entry.chat = { ...entry.chat, ...chat, last_message: chat.last_message ?? entry.chat?.last_message ?? null };
    this.#entries.set(chat.id, entry);
    this.#app.titleOf(entry.chat).then((title) => ((entry.title = title), this.#render(entry)));
    this.#render(entry);
    this.#reorder();
  }

  /** A chat's preview is its last message shown in the chat: a reply kept in its thread is not. */
  messageArrived(message) {
    const entry = this.#entries.get(message.chat_id);
    if (!entry || message.shown_in_chat === false || message.seq < (entry.chat.last_message?.seq ?? 0)) return;
    entry.chat.last_message = message;
    entry.chat.last_seq = Math.max(entry.chat.last_seq, message.seq);
    this.#render(entry);
    this.#reorder();
  }

  messageChanged(chatId, message) {
    const entry = this.#entries.get(chatId);
    if (entry?.chat.last_message?.seq !== message.seq) return;
    entry.chat.last_message = message;
    this.#render(entry);
  }

  /** The preview of a chat whose last message was deleted says so. */
  messageDeleted(chatId, seq) {
    const last = this.#entries.get(chatId)?.chat.last_message;
    if (last?.seq === seq) this.messageChanged(chatId, { ...last, deleted: true, body: '', attachments: [] });
  }

  setUnread(chats) {
    this.#unread = chats;
    for (const entry of this.#entries.values()) this.#render(entry);
  }

  setPresence(userId, online) {
    this.#online.set(userId, online);
    for (const entry of this.#entries.values()) if (this.#partnerOf(entry.chat) === userId) this.#render(entry);
  }

  select(chatId) {
    this.#selected = chatId;
    for (const entry of this.#entries.values()) this.#render(entry);
  }

  #partnerOf(chat) {
    if (chat.kind === 'group') return null;
    return chat.members.find((member) => member.user_id !== this.#app.myId)?.user_id ?? null;
  }

  /** Updates the entry's item in place: a click or focus on it survives any number of renders. */
  #render(entry) {
    const { chat } = entry;
    const unread = this.#unread[chat.id] ?? 0;
    const partner = this.#partnerOf(chat);
    const online = partner !== null && this.#online.get(partner) === true;
    const last = chat.last_message;
    const parts = (entry.parts ??= this.#itemOf(entry));
    parts.button.setAttribute('aria-label', `${entry.title}${online ? ', online' : ''}${unread ? `, ${unread} unread` : ''}`);
    if (chat.id === this.#selected) parts.button.setAttribute('aria-current', 'true');
    else parts.button.removeAttribute('aria-current');
    parts.dot.className = `dot${online ? ' online' : ''}`;
    parts.dot.hidden = partner === null;
    parts.title.textContent = entry.title;
    parts.time.textContent = last ? timeOf(last.created_at) : '';
    parts.preview.textContent = previewOf(last);
    parts.badge.textContent = String(unread);
    parts.badge.hidden = !unread;
  }

  #itemOf(entry) {
    const chatId = entry.chat.id;
    const parts = {
      dot: h('span', { 'aria-hidden': 'true' }),
      title: h('span', { class: 'chat-title' }),
      time: h('span', { class: 'chat-time' }),
      preview: h('span', { class: 'chat-preview' }),
      badge: h('span', { class: 'badge', 'aria-hidden': 'true' }),
    };
    parts.button = h('button', { type: 'button', class: 'chat-item', onclick: () => this.#app.open(chatId) },
      parts.dot, parts.title, parts.time, parts.preview, parts.badge);
    entry.item = h('li', { 'data-chat-id': String(chatId) }, parts.button);
    return parts;
  }

  #sorted() {
    const activity = ({ chat }) => chat.last_message?.created_at ?? chat.last_activity_at ?? chat.created_at;
    return [...this.#entries.values()].sort((a, b) => activity(b).localeCompare(activity(a)));
  }

  #reorder() {
    const items = this.#sorted().map((entry) => entry.item);
    if (items.every((item, index) => this.list.children[index] === item)) return;
    const focused = document.activeElement;
    this.list.replaceChildren(...items);
    if (this.list.contains(focused)) focused.focus();
  }
}
