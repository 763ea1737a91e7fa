import { Composer } from './composer.js';
import { h } from './dom.js';
import { messageItem, pendingItem, statusBadge } from './message-item.js';
import { MessageList } from './message-list.js';

/**
 * One thread, beside its chat (over it on phones): the root, then its replies in seq order, paged
 * back with the thread's history as the reader scrolls up, live replies put in their place (each
 * seq once), and a composer whose replies stay in the thread unless "Also send to chat" is ticked.
 * Escape or the close button closes it; reading it moves the user's read position in the thread.
 * `pane`: {client, chatId, itemView(list, composer, {inThread}), statusOf(message), composerActions (as
 * the chat's composer has them), retry(pending), close()}.
 */
export class ThreadView {
  #pane;
  #readSeq = 0;

  constructor(root, pane) {
    this.#pane = pane;
    this.rootSeq = root.seq;
    const { client, chatId } = pane;
    this.list = new MessageList({
      pages: client.api.threadHistory(chatId, root.seq)[Symbol.asyncIterator](),
      render: (message) => messageItem(message, pane.itemView(this.list, this.composer, { inThread: true })),
      renderStatus: (message) => statusBadge(pane.statusOf(message)),
      renderPending: (pending) => pendingItem(pending, () => pane.retry(pending)),
      label: 'Thread replies',
      start: 'This is the start of the thread.',
    });
    this.alsoToChat = h('input', { type: 'checkbox' });
    this.composer = new Composer(this.#composerActions(), {
      label: 'Thread reply', placeholder: 'Reply in the thread…',
      extra: h('label', { class: 'also-to-chat' }, this.alsoToChat, 'Also send to chat'),
    });
    const title = h('h2', { id: `thread-title-${chatId}-${root.seq}` }, 'Thread');
    this.element = h('aside', { class: 'thread-view', 'aria-labelledby': title.id, 'data-root-seq': String(root.seq), onkeydown: (event) => this.#key(event) },
      h('header', { class: 'pane-header' },
        h('button', { type: 'button', class: 'thread-back', 'aria-label': 'Back to the chat', onclick: () => pane.close() }, '←'),
        title,
        h('button', { type: 'button', class: 'thread-close', 'aria-label': 'Close the thread', onclick: () => pane.close() }, '✕')),
      this.list.element, this.composer.element);
    this.list.put(root);
  }

  /** Loads replies until the view is full; live ones may already be there (each seq stays once). */
  async open() {
    await this.list.fillView();
    this.markRead();
  }

  focus() {
    this.composer.focus();
  }

  /** A reply of this thread (live, acked, edited): put in its place. */
  put(message) {
    this.list.put(message);
    this.markRead();
  }

  /** Moves the thread's read position to the last reply on screen while the page is visible. */
  markRead() {
    const last = this.list.lastSeq;
    if (document.visibilityState !== 'visible' || last <= Math.max(this.rootSeq, this.#readSeq)) return;
    this.#readSeq = last;
    this.#pane.client.api.markThreadRead(this.#pane.chatId, this.rootSeq, last).catch((error) => console.warn('mark thread read', error));
  }

  /** The chat composer's actions, but a send is a reply in this thread. */
  #composerActions() {
    const { composerActions } = this.#pane;
    return {
      ...composerActions,
      send: (content) => {
        composerActions.send({ ...content, threadRootSeq: this.rootSeq, shownInChat: this.alsoToChat.checked || undefined });
        this.alsoToChat.checked = false;
      },
    };
  }

  #key(event) {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    this.#pane.close();
  }
}
