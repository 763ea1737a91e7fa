import { withReaction } from '/web/sdk/index.js';
import { Composer } from './composer.js';
import { chooseChat } from './dialogs.js';
import { errorNotice, h } from './dom.js';
import { previewOf } from './format.js';
import { messageItem, pendingItem, statusBadge } from './message-item.js';
import { MessageList } from './message-list.js';
import { ReadState } from './read-state.js';
import { TypingLine } from './typing-line.js';

/**
 * One open chat: its messages, typing line, pins and composer. Whatever fails inside (a history
 * page, a render, an action) is shown in this pane only and never breaks the page.
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
  #notice = h('div', { class: 'pane-notice' });

  constructor(chat, app) {
    this.#chat = chat;
    this.#app = app;
    this.#reads = new ReadState(chat, app.myId);
    this.#typing = new TypingLine(app.users);
    this.title = h('h2', { id: `chat-title-${chat.id}` });
    this.element = h('section', { class: 'chat-pane', 'aria-labelledby': this.title.id, 'data-chat-id': String(chat.id) });
  }

  get chatId() {
    return this.#chat.id;
  }

  async open() {
    const { client } = this.#app;
    this.#list = new MessageList({
      pages: client.api.history(this.chatId)[Symbol.asyncIterator](),
      render: (message) => messageItem(message, this.#itemView()),
      renderStatus: (message) => statusBadge(this.#reads.statusOf(message.seq)),
      renderPending: (pending) => pendingItem(pending, () => this.#retry(pending)),
      label: 'Messages',
    });
    this.#composer = new Composer(this.#composerActions());
    this.pinsBar = h('div', { class: 'pins-bar', hidden: true });
    this.element.replaceChildren(this.#header(), this.pinsBar, this.#notice, this.#list.element, this.#typing.element, this.#composer.element);
    this.#app.titleOf(this.#chat).then((title) => (this.title.textContent = title));
    await this.guard(async () => {
      await Promise.all([this.#list.fillView(), this.#loadPins()]);
      for (const pending of client.pending) if (pending.chat_id === this.chatId) this.#track(pending);
      this.markRead();
    });
  }

  /** Shows message `seq` (a search result): history is paged in until it is there, then it is scrolled to and marked. */
  reveal(seq) {
    return this.guard(async () => {
      if (await this.#list.loadUntil(seq)) this.#list.spotlight(seq);
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
      this.#list.put(message);
      if (message.sender_id !== this.#app.myId) this.#typing.stopped(message.sender_id);
      this.markRead();
    });
  }

  /** A frame every member shares has no `mine`: the reactions keep this page's own. */
  messageChanged(message) {
    const current = this.#list.message(message.seq);
    if (!current) return;
    const mine = new Set((current.reactions ?? []).filter((r) => r.mine).map((r) => r.emoji));
    const reactions = (message.reactions ?? []).map((r) => ({ ...r, mine: r.mine ?? mine.has(r.emoji) }));
    this.guard(() => this.#list.put({ ...message, reactions }));
  }

  reacted(event) {
    const message = this.#list.message(event.seq);
    if (message) this.guard(() => this.#list.put(withReaction(message, event, this.#app.myId)));
  }

  messageDeleted(seq) {
    const message = this.#list.message(seq);
    if (message) this.messageChanged({ ...message, deleted: true, body: '', attachments: [] });
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

  /** Moves the read position to the last message while the page is visible. */
  markRead() {
    const last = this.#list?.lastSeq ?? 0;
    if (document.visibilityState !== 'visible' || last <= this.#reads.mine) return;
    this.#reads.read(this.#app.myId, last);
    this.#app.client.markRead(this.chatId, last).catch((error) => console.warn('mark read', error));
  }

  close() {
    this.#typing.clear();
    this.#app.client.stopTyping(this.chatId);
  }

  // --- parts ---------------------------------------------------------------------------------

  #header() {
    return h('header', { class: 'pane-header' },
      h('button', { type: 'button', class: 'back', 'aria-label': 'Back to chats', onclick: () => this.#app.back() }, '←'),
      this.title);
  }

  #itemView() {
    return {
      myId: this.#app.myId,
      senderName: (userId) => this.#app.users.nameOf(userId),
      quoteOf: (seq) => this.#list.message(seq),
      isPinned: (seq) => this.#pins.has(seq),
      status: (message) => this.#reads.statusOf(message.seq),
      actions: {
        reply: async (message) => this.#composer.replyTo(message, await this.#app.users.nameOf(message.sender_id)),
        edit: (message) => this.#composer.edit(message),
        forward: (message) => this.#forward(message),
        pin: (message) => this.guard(() => (this.#pins.has(message.seq) ? this.#app.client.api.unpin(this.chatId, message.seq) : this.#app.client.api.pin(this.chatId, message.seq))),
        react: (message, emoji, add) => this.guard(async () => {
          const { api } = this.#app.client;
          const reactions = await (add ? api.react(this.chatId, message.seq, emoji) : api.unreact(this.chatId, message.seq, emoji));
          const current = this.#list.message(message.seq);
          if (current) this.#list.put({ ...current, reactions });
        }),
        remove: (message) => confirm('Delete this message for everyone?') && this.guard(() => this.#app.client.api.deleteMessage(this.chatId, message.seq)),
      },
    };
  }

  #composerActions() {
    const { client } = this.#app;
    return {
      send: (content) => this.#track(client.send(this.chatId, content)),
      edit: (seq, body) => this.guard(async () => this.#list.put(await client.api.edit(this.chatId, seq, body))),
      typing: () => client.typing(this.chatId),
      stopTyping: () => client.stopTyping(this.chatId),
      upload: (file, onProgress) => client.api.upload(file, { name: file.name, contentType: file.type, onProgress }),
    };
  }

  /** Shows a pending send until it is stored (the stored message replaces it) or fails. */
  #track(pending) {
    this.#list.showPending(pending);
    pending.stored.then((message) => this.#list.put(message), () => this.#list.showPending(pending));
  }

  #retry(failed) {
    this.#list.removePending(failed.client_id);
    const { body, reply_to_seq: replyToSeq, attachment_ids: attachmentIds, forward } = failed;
    this.#track(this.#app.client.send(this.chatId, { body, replyToSeq, attachmentIds, forward: forward && { chatId: forward.chat_id, seq: forward.seq } }));
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
