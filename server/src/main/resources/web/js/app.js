import { showConnection } from './banner.js';
import { ChatList } from './chat-list.js';
import { ChatPane } from './chat-pane.js';
import { newChatDialog } from './dialogs.js';
import { errorNotice, h } from './dom.js';
import { NotificationBell } from './notifications.js';
import { MessageSearch } from './search.js';
import { forgetSession } from './session.js';
import { Users } from './users.js';

/**
 * The signed-in page: header (with the notification bell), message search, chat list and the open
 * chat, fed by one SDK client. Each client event is routed to the list and to the open pane; a
 * pane's failure stays in that pane.
 */
export class App {
  #root;
  #client;
  #signedOut;
  #pane = null;
  #list;
  #users;
  #bell;
  #search;
  #loaded = false;
  #totalBadge = h('span', { class: 'badge total', hidden: true });
  #paneArea = h('div', { class: 'pane-area' }, h('p', { class: 'placeholder' }, 'Choose a chat, or start a new one.'));

  constructor(root, client, signedOut) {
    this.#root = root;
    this.#client = client;
    this.#signedOut = signedOut;
    this.#users = new Users(client.api);
    this.#bell = new NotificationBell(client.api);
  }

  async start() {
    this.#listen();
    const connected = this.#client.connect();
    try {
      const me = await this.#client.api.me();
      this.myId = me.id;
      this.#users.remember(me);
      this.#list = new ChatList({ myId: me.id, titleOf: (chat) => this.#titleOf(chat), open: (chatId) => this.open(chatId) });
      this.#search = this.#messageSearch();
      const sidebar = h('div', { class: 'sidebar' }, this.#search.form, this.#search.results, this.#list.element);
      this.#root.replaceChildren(this.#header(me), h('div', { class: 'layout' }, sidebar, this.#paneArea));
      this.#refreshBell();
      await this.#loadChats();
      await connected;
    } catch (error) {
      this.#root.replaceChildren(errorNotice(error, () => location.reload()));
    }
  }

  /**
   * Opens chat `chatId`; with `seq` (a search result), at that message, in the thread of
   * `threadRootSeq` when the chat's own history does not show it. The composer takes focus once the
   * chat is loaded, unless the user has moved it meanwhile (to the search field, say).
   */
  async open(chatId, { seq, threadRootSeq } = {}) {
    const focused = document.activeElement;
    this.#pane?.close();
    const pane = new ChatPane(this.#list.chat(chatId), {
      client: this.#client, users: this.#users, myId: this.myId,
      titleOf: (chat) => this.#titleOf(chat), forwardTargets: () => this.#list.chats(), back: () => this.#closePane(),
    });
    this.#pane = pane;
    this.#list.select(chatId);
    this.#paneArea.replaceChildren(pane.element);
    document.body.classList.add('chat-open');
    await pane.open();
    if (seq && this.#pane === pane) await pane.reveal(seq, threadRootSeq);
    if (document.activeElement === focused || document.activeElement === document.body) pane.focus();
  }

  #closePane() {
    this.#pane?.close();
    this.#pane = null;
    this.#list.select(null);
    document.body.classList.remove('chat-open');
    this.#paneArea.replaceChildren();
  }

  #header(me) {
    return h('header', { class: 'top' },
      h('h1', {}, 'Vestnik ', this.#totalBadge),
      h('span', { class: 'me' }, `${me.display_name} · your id: `, h('strong', { class: 'my-id' }, String(me.id))),
      this.#bell.element,
      h('button', { type: 'button', onclick: () => this.#newChat() }, 'New chat'),
      h('button', { type: 'button', class: 'secondary', onclick: () => this.#signOut() }, 'Sign out'));
  }

  #messageSearch() {
    return new MessageSearch({
      api: this.#client.api,
      chatTitle: (chatId) => (this.#list.has(chatId) ? this.#titleOf(this.#list.chat(chatId)) : Promise.resolve(`Chat ${chatId}`)),
      senderName: (userId) => this.#users.nameOf(userId),
      open: (chatId, seq, threadRootSeq) => this.#openFound(chatId, seq, threadRootSeq),
      toggleList: (visible) => (this.#list.element.hidden = !visible),
    });
  }

  /** A search result: its chat (fetched when the list does not have it yet), at the message. */
  async #openFound(chatId, seq, threadRootSeq) {
    if (!this.#list.has(chatId)) this.#addChat(await this.#client.api.chat(chatId));
    await this.open(chatId, { seq, threadRootSeq });
  }

  /** The server sends no event when notifications are read: another device's read is learned here. */
  #refreshBell() {
    this.#bell.refresh().catch((error) => console.warn('notifications:', error));
  }

  async #loadChats() {
    for await (const chat of this.#client.api.chats()) this.#addChat(chat);
    this.#loaded = true;
    await this.#refreshPresence();
  }

  #addChat(chat) {
    const isNew = !this.#list.has(chat.id);
    this.#client.track(chat.id, chat.last_seq);
    this.#list.upsert(chat);
    if (isNew && this.#loaded) this.#refreshPresence().catch(() => {});
  }

  async #refreshPresence() {
    const partners = this.#list.partners();
    if (!partners.length) return;
    for (const { user_id: userId, online } of await this.#client.api.presence(partners)) this.#list.setPresence(userId, online);
  }

  async #titleOf(chat) {
    if (chat.kind === 'group') return chat.title;
    const partner = chat.members.find((member) => member.user_id !== this.myId);
    const name = partner ? await this.#users.nameOf(partner.user_id) : 'Just you';
    return chat.context ? `${name} · ${chat.context.type} ${chat.context.id}` : name;
  }

  async #newChat() {
    const chat = await newChatDialog(this.#client.api);
    if (!chat) return;
    this.#addChat(chat);
    await this.open(chat.id);
  }

  async #signOut() {
    await this.#client.logout().catch(() => this.#client.close());
    forgetSession();
    location.reload();
  }

  #listen() {
    const on = (event, handler) => this.#client.on(event, (payload) => this.#list && handler(payload));
    const pane = (chatId) => (this.#pane?.chatId === chatId ? this.#pane : null);
    on('message', (message) => (this.#list.messageArrived(message), pane(message.chat_id)?.messageArrived(message)));
    const changed = ({ chat_id: chatId, message }) => (this.#list.messageChanged(chatId, message), pane(chatId)?.messageChanged(message));
    on('message_updated', changed);
    on('message_streaming', changed); // a streamed reply growing as it is written
    on('message_deleted', ({ chat_id: chatId, seq }) => (this.#list.messageDeleted(chatId, seq), pane(chatId)?.messageDeleted(seq)));
    on('message_read', ({ chat_id: chatId, seq, read_by: userId }) => pane(chatId)?.readMoved(userId, seq));
    on('message_delivered', ({ chat_id: chatId, seq, user_id: userId }) => pane(chatId)?.delivered(userId, seq));
    on('reaction', (event) => pane(event.chat_id)?.reacted(event));
    on('message_pinned', ({ chat_id: chatId, seq, pinned }) => pane(chatId)?.pinned(seq, pinned));
    on('thread_updated', (event) => pane(event.chat_id)?.threadUpdated(event));
    on('typing', ({ chat_id: chatId, user_id: userId, is_typing: isTyping }) => pane(chatId)?.typing(userId, isTyping));
    on('presence', ({ user_id: userId, online }) => this.#list.setPresence(userId, online));
    on('chat_updated', ({ chat }) => this.#addChat(chat));
    on('unread', ({ total, chats }) => this.#showUnread(total, chats));
    this.#client.on('notification', ({ notification }) => this.#bell.arrived(notification));
    this.#client.on('state', (state) => this.#connectionChanged(state));
    this.#client.on('auth_lost', () => this.#authLost());
    // The SDK fills the gap itself; a resumed connection should never need it, so it is worth a look.
    this.#client.on('gap', (gap) => console.warn(`vestnik: gap ${JSON.stringify(gap)}`));
    document.addEventListener('visibilitychange', () => {
      this.#pane?.markRead();
      if (document.visibilityState === 'visible' && this.#list) this.#refreshBell();
    });
  }

  #showUnread(total, chats) {
    this.#list.setUnread(chats);
    this.#totalBadge.hidden = total === 0;
    this.#totalBadge.textContent = String(total);
    this.#totalBadge.setAttribute('aria-label', `${total} unread`);
    document.title = total ? `(${total}) Vestnik` : 'Vestnik';
  }

  #connectionChanged(state) {
    showConnection(document.getElementById('banner'), state);
    if (state.status === 'live' && this.#list) {
      this.#refreshPresence().catch(() => {});
      this.#refreshBell();
    }
  }

  async #authLost() {
    await this.#client.close();
    forgetSession();
    this.#signedOut();
  }
}
