import { withReaction, withThread } from '/web/sdk/index.js';
import { Composer } from './composer.js';
import { chooseChat } from './dialogs.js';
import { errorNotice, h } from './dom.js';
import { previewOf } from './format.js';
import { messageItem, pendingItem, statusBadge, threadLine } from './message-item.js';
import { MessageList } from './message-list.js';
import { ReadState } from './read-state.js';
import { ThreadView } from './thread-view.js';
import { TypingLine } from './typing-line.js';

/**
 * One open chat: its messages, typing line, pins and composer, and beside it one open thread. The
 * chat's list holds the messages shown in the chat; a thread reply goes to the thread view when its
 * thread is open, and to the chat's list too when it is shown in the chat. Whatever fails inside (a
 * history page, a render, an action) is shown in this pane only and never breaks the page.
 * `app`: {client, users, myId, titleOf(chat), forwardTargets(), back()}.
 */
export class ChatPane {
  #app;
  #chat;
  #pins = new Set();
  #pinned = [];
  #reads;
  #typing;
  #list;
  #composer;
  #thread = null;
  #threadSlot = h('div', { class: 'thread-slot' });
  #notice = h('div', { class: 'pane-notice' });

  constructor(chat, app) {
    this.#chat = chat;
    this.#app = app;
    this.#reads = new ReadState(chat, app.myId);
    this.#typing = new TypingLine(app.users);
    this.title = h('h2', { id: `chat-title-${chat.id}` });
    this.main = h('section', { class: 'chat-pane', 'aria-labelledby': this.title.id, 'data-chat-id': String(chat.id) });
    this.element = h('div', { class: 'chat-split' }, this.main, this.#threadSlot);
  }

  get chatId() {
    return this.#chat.id;
  }

  async open() {
    const { client } = this.#app;
    this.#list = new MessageList({
      pages: client.api.history(this.chatId)[Symbol.asyncIterator](),
      render: (message) => messageItem(message, this.#itemView(this.#list, this.#composer)),
      renderStatus: (message) => statusBadge(this.#reads.statusOf(message.seq)),
      renderPending: (pending) => pendingItem(pending, () => this.#retry(pending)),
      label: 'Messages',
    });
    this.#composer = new Composer(this.#composerActions());
    this.pinsBar = h('div', { class: 'pins-bar', hidden: true });
    this.main.replaceChildren(this.#header(), this.pinsBar, this.#notice, this.#list.element, this.#typing.element, this.#composer.element);
    this.#app.titleOf(this.#chat).then((title) => (this.title.textContent = title));
    await this.guard(async () => {
      await Promise.all([this.#list.fillView(), this.#loadPins()]);
      for (const pending of client.pending) if (pending.chat_id === this.chatId && !pending.thread_root_seq) this.#track(pending);
      this.markRead();
    });
  }

  /**
   * Shows message `seq` (a search result): history is paged in until it is there, then it is
   * scrolled to and marked; a reply kept in its thread (`threadRootSeq`) is shown so in its thread.
   */
  reveal(seq, threadRootSeq) {
    return this.guard(async () => {
      if (await this.#list.loadUntil(seq)) this.#list.spotlight(seq);
      else if (threadRootSeq) await this.#revealInThread(threadRootSeq, seq);
      else this.#list.status.textContent = 'That message is not in the chat\'s history: deleted since, or a reply kept in its thread.';
    });
  }

  focus() {
    this.#composer?.focus();
  }

  /** Runs `work`; a failure shows in this pane with a retry, and goes no further. */
  async guard(work) {
    try {
      await work();
      this.#notice.replaceChildren();
    } catch (error) {
      console.warn(`chat ${this.chatId}:`, error);
      this.#notice.replaceChildren(errorNotice(error, () => this.open()));
    }
  }

  // --- events from the client ----------------------------------------------------------------

  messageArrived(message) {
    this.guard(() => {
      this.#placeStored(message);
      if (message.sender_id !== this.#app.myId) this.#typing.stopped(message.sender_id);
      this.markRead();
    });
  }

  /** A frame every member shares has no `mine`: the reactions keep this page's own. */
  messageChanged(message) {
    for (const list of this.#listsWith(message.seq)) {
      const current = list.message(message.seq);
      const mine = new Set((current.reactions ?? []).filter((r) => r.mine).map((r) => r.emoji));
      const reactions = (message.reactions ?? []).map((r) => ({ ...r, mine: r.mine ?? mine.has(r.emoji) }));
      this.guard(() => list.put({ ...message, reactions }));
    }
  }

  reacted(event) {
    for (const list of this.#listsWith(event.seq)) this.guard(() => list.put(withReaction(list.message(event.seq), event, this.#app.myId)));
  }

  messageDeleted(seq) {
    const message = this.#listsWith(seq)[0]?.message(seq);
    if (message) this.messageChanged({ ...message, deleted: true, body: '', attachments: [] });
  }

  /** A reply moved its root's summary: only the root's thread line is swapped, wherever it shows. */
  threadUpdated(event) {
    for (const list of this.#listsWith(event.root_seq)) {
      const root = list.message(event.root_seq);
      const updated = withThread(root, event);
      if (updated !== root) this.guard(() => list.swapPart(updated, '.thread-line', threadLine(updated, this.#itemView(list, null, { inThread: list !== this.#list }))));
    }
  }

  /** Opens the thread of `message` (its root's, when it is a reply) beside the chat. */
  async openThread(message) {
    const rootSeq = message.thread_root_seq ?? message.seq;
    const root = this.#list.message(rootSeq) ?? (await this.#app.client.api.threadPage(this.chatId, rootSeq, { limit: 1 })).root;
    this.closeThread({ refocus: false });
    const thread = new ThreadView(root, this.#threadActions());
    this.#thread = thread;
    this.#threadSlot.replaceChildren(thread.element);
    document.body.classList.add('thread-open');
    for (const pending of this.#app.client.pending) if (pending.chat_id === this.chatId && pending.thread_root_seq === rootSeq) this.#track(pending);
    thread.focus();
    await this.guard(() => thread.open());
  }

  async #revealInThread(rootSeq, seq) {
    await this.openThread({ thread_root_seq: rootSeq });
    const { list } = this.#thread;
    if (await list.loadUntil(seq)) list.spotlight(seq);
    else list.status.textContent = 'That reply is not in the thread any more.';
  }

  /**
   * Closes the open thread; with `refocus` (not when the whole pane closes), focus goes back to the
   * root's summary, or to the chat's composer.
   */
  closeThread({ refocus = true } = {}) {
    const thread = this.#thread;
    if (!thread) return;
    this.#thread = null;
    this.#threadSlot.replaceChildren();
    document.body.classList.remove('thread-open');
    if (!refocus) return;
    const summary = this.#list.element.querySelector(`li.message[data-seq="${thread.rootSeq}"] .thread-summary`);
    if (summary) summary.focus();
    else this.focus();
  }

  readMoved(userId, seq) {
    if (this.#reads.read(userId, seq)) this.guard(() => this.#list.refreshStatuses());
  }

  delivered(userId, seq) {
    if (this.#reads.delivered(userId, seq)) this.guard(() => this.#list.refreshStatuses());
  }

  pinned(seq, pinned) {
    if (pinned) this.#pins.add(seq);
    else this.#pins.delete(seq);
    this.guard(() => (this.#renderPins(), this.#list.rerenderOne(seq)));
  }

  typing(userId, isTyping) {
    if (userId === this.#app.myId) return;
    if (isTyping) this.#typing.started(userId);
    else this.#typing.stopped(userId);
  }

  /** Moves the read positions (the chat's, the open thread's) to the last message while the page is visible. */
  markRead() {
    this.#thread?.markRead();
    const last = this.#list?.lastSeq ?? 0;
    if (document.visibilityState !== 'visible' || last <= this.#reads.mine) return;
    this.#reads.read(this.#app.myId, last);
    this.#app.client.markRead(this.chatId, last).catch((error) => console.warn('mark read', error));
  }

  close() {
    this.closeThread({ refocus: false });
    this.#typing.clear();
    this.#app.client.stopTyping(this.chatId);
  }

  // --- parts ---------------------------------------------------------------------------------

  #header() {
    return h('header', { class: 'pane-header' },
      h('button', { type: 'button', class: 'back', 'aria-label': 'Back to chats', onclick: () => this.#app.back() }, '←'),
      this.title);
  }

  /** How the items of `list` (the chat's, or the thread view's with `inThread`) show and act. */
  #itemView(list, composer, { inThread = false } = {}) {
    return {
      myId: this.#app.myId,
      senderName: (userId) => this.#app.users.nameOf(userId),
      quoteOf: (seq) => list.message(seq) ?? this.#list.message(seq),
      isPinned: (seq) => this.#pins.has(seq),
      status: (message) => this.#reads.statusOf(message.seq),
      actions: {
        reply: async (message) => composer.replyTo(message, await this.#app.users.nameOf(message.sender_id)),
        thread: inThread ? null : (message) => this.guard(() => this.openThread(message)),
        edit: (message) => composer.edit(message),
        forward: (message) => this.#forward(message),
        pin: (message) => this.guard(() => (this.#pins.has(message.seq) ? this.#app.client.api.unpin(this.chatId, message.seq) : this.#app.client.api.pin(this.chatId, message.seq))),
        react: (message, emoji, add) => this.guard(async () => {
          const { api } = this.#app.client;
          const reactions = await (add ? api.react(this.chatId, message.seq, emoji) : api.unreact(this.chatId, message.seq, emoji));
          for (const shown of this.#listsWith(message.seq)) shown.put({ ...shown.message(message.seq), reactions });
        }),
        remove: (message) => confirm('Delete this message for everyone?') && this.guard(() => this.#app.client.api.deleteMessage(this.chatId, message.seq)),
      },
    };
  }

  #composerActions() {
    const { client } = this.#app;
    return {
      send: (content) => this.#track(client.send(this.chatId, content)),
      edit: (seq, body) => this.guard(async () => this.#placeStored(await client.api.edit(this.chatId, seq, body))),
      typing: () => client.typing(this.chatId),
      stopTyping: () => client.stopTyping(this.chatId),
      upload: (file, onProgress) => client.api.upload(file, { name: file.name, contentType: file.type, onProgress }),
    };
  }

  /** What the thread view may do: it sends, edits and closes through the pane. */
  #threadActions() {
    const { client } = this.#app;
    return {
      client,
      chatId: this.chatId,
      itemView: (list, composer, options) => this.#itemView(list, composer, options),
      statusOf: (message) => this.#reads.statusOf(message.seq),
      composerActions: this.#composerActions(),
      retry: (pending) => this.#retry(pending),
      close: () => this.closeThread(),
    };
  }

  /** The lists `seq` shows in: the chat's, the open thread's, or both (a root; a reply shown in the chat). */
  #listsWith(seq) {
    return [this.#list, this.#thread?.list].filter((list) => list?.message(seq));
  }

  /** A stored message goes where it shows: the chat's list unless kept in its thread, the open thread's if its reply. */
  #placeStored(message) {
    if (message.shown_in_chat !== false) this.#list.put(message);
    if (this.#thread && message.thread_root_seq === this.#thread.rootSeq) this.#thread.put(message);
    else if (this.#thread?.list.message(message.seq)) this.#thread.list.put(message); // the root itself, edited
  }

  /** The list a pending send shows in: the open thread's for its replies, else the chat's. */
  #pendingList(pending) {
    return pending.thread_root_seq && pending.thread_root_seq === this.#thread?.rootSeq ? this.#thread.list
      : pending.thread_root_seq && !pending.shown_in_chat ? null : this.#list;
  }

  /** Shows a pending send until it is stored (the stored message replaces it) or fails. */
  #track(pending) {
    const list = this.#pendingList(pending);
    list?.showPending(pending);
    pending.stored.then((message) => this.#placeStored(message), () => this.#pendingList(pending)?.showPending(pending));
  }

  #retry(failed) {
    this.#pendingList(failed)?.removePending(failed.client_id);
    const { body, reply_to_seq: replyToSeq, attachment_ids: attachmentIds, forward, thread_root_seq: threadRootSeq, shown_in_chat: shownInChat } = failed;
    this.#track(this.#app.client.send(this.chatId, { body, replyToSeq, attachmentIds, threadRootSeq, shownInChat, forward: forward && { chatId: forward.chat_id, seq: forward.seq } }));
  }

  async #forward(message) {
    const target = await chooseChat('Forward to…', this.#app.forwardTargets());
    if (target) this.#app.client.forward(target.id, { chatId: this.chatId, seq: message.seq });
  }

  async #loadPins() {
    const pins = await this.#app.client.api.pins(this.chatId);
    this.#pins = new Set(pins.map((message) => message.seq));
    this.#pinned = pins;
    this.#renderPins();
    this.#list.rerender();
  }

  #renderPins() {
    this.pinsBar.hidden = this.#pins.size === 0;
    const latest = this.#list.message(Math.max(...this.#pins)) ?? this.#pinned.find((message) => this.#pins.has(message.seq));
    this.pinsBar.replaceChildren(h('span', {}, `${this.#pins.size} pinned`), latest ? h('span', { class: 'pin-preview' }, previewOf(latest)) : null);
  }
}
