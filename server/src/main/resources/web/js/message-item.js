import { h } from './dom.js';
import { previewOf, sizeOf, timeOf } from './format.js';

const STATUS_TEXT = { sending: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent' };
const QUICK_REACTION = '👍';
const STATUS_MARK = { sending: '…', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

/**
 * One stored message. `view`: {myId, senderName(id) → Promise<string>, quoteOf(seq) → message?,
 * isPinned(seq), status(message) → sent|delivered|read, actions: {reply, forward, edit, remove, pin,
 * react(message, emoji, add), thread?(message)}}. With `actions.thread` (the chat's own list) a root
 * shows its thread summary and a reply shown in the chat an "in thread" link; without it (the
 * thread view) the root shows its reply count only.
 */
export function messageItem(message, view) {
  const own = message.sender_id === view.myId;
  const sender = h('span', { class: 'sender' });
  if (!own) view.senderName(message.sender_id).then((name) => (sender.textContent = name));
  const streaming = message.state === 'streaming' && !message.deleted;
  return h('li', { class: `message${own ? ' own' : ''}${message.deleted ? ' deleted' : ''}${streaming ? ' streaming' : ''}`, 'data-seq': String(message.seq), 'data-day': message.created_at, 'aria-busy': streaming ? 'true' : null },
    h('div', { class: 'bubble' },
      h('div', { class: 'meta' }, own ? null : sender, view.isPinned(message.seq) && h('span', { class: 'pin-mark' }, 'Pinned')),
      quote(message, view),
      message.forwarded_from && h('p', { class: 'forwarded' }, 'Forwarded'),
      h('p', { class: 'body' }, message.deleted ? 'Message deleted' : message.body),
      message.deleted ? null : message.attachments.map(attachmentView),
      message.deleted ? null : reactionsRow(message, view),
      h('div', { class: 'foot' },
        h('time', { datetime: message.created_at }, timeOf(message.created_at)),
        message.edited_at && !message.deleted && h('span', { class: 'edited' }, 'edited'),
        streaming && h('span', { class: 'writing' }, 'writing…'),
        own && statusBadge(message.deleted ? null : view.status(message))),
      threadLine(message, view)),
    message.deleted ? null : actionBar(message, own, view));
}

/**
 * Under a root: "3 replies · last reply 12:04", a button opening the thread; under a reply shown in
 * the chat: "in thread". Always present (empty and hidden otherwise) so `thread_updated` can swap
 * just this part of the item.
 */
export function threadLine(message, view) {
  const open = view.actions.thread;
  const summary = message.thread?.reply_count ? repliesText(message.thread) : null;
  const line = h('div', { class: 'thread-line', hidden: !(summary || (open && message.thread_root_seq)) });
  if (open && summary) {
    const last = timeOf(message.thread.last_reply_at);
    line.append(h('button', { type: 'button', class: 'thread-summary', 'aria-label': `${summary}, last reply at ${last}: open the thread`, onclick: () => open(message) },
      h('span', { class: 'thread-count' }, summary), ` · last reply ${last}`));
  } else if (open && message.thread_root_seq) {
    line.append(h('button', { type: 'button', class: 'in-thread', 'aria-label': 'In a thread: open it', onclick: () => open(message) }, 'in thread'));
  } else if (summary) {
    line.append(h('span', { class: 'thread-count' }, summary));
  }
  return line;
}

function repliesText(thread) {
  return `${thread.reply_count} ${thread.reply_count === 1 ? 'reply' : 'replies'}`;
}

/** A message sent from this page and not stored yet: sending, or failed with a retry button. */
export function pendingItem(pending, retry) {
  const failed = pending.status === 'failed';
  return h('li', { class: 'message own pending', 'data-client-id': pending.client_id },
    h('div', { class: 'bubble' },
      h('p', { class: 'body' }, pending.body ?? (pending.forward ? 'Forwarded message' : '')),
      h('div', { class: 'foot' }, statusBadge(failed ? 'failed' : 'sending'),
        failed && h('span', { class: 'send-error' }, pending.error?.message ?? ''),
        failed && h('button', { type: 'button', class: 'retry', onclick: retry }, 'Retry'))));
}

export function statusBadge(status) {
  if (!status) return null;
  return h('span', { class: `status status-${status}`, 'data-status': status, 'aria-label': STATUS_TEXT[status], title: STATUS_TEXT[status] }, STATUS_MARK[status]);
}

function quote(message, view) {
  if (!message.reply_to_seq) return null;
  const quoted = view.quoteOf(message.reply_to_seq);
  return h('blockquote', { class: 'reply-quote' }, quoted ? previewOf(quoted) : `Reply to message #${message.reply_to_seq}`);
}

function attachmentView(attachment) {
  if (attachment.content_type.startsWith('image/')) {
    return h('a', { class: 'attachment image', href: attachment.url, target: '_blank', rel: 'noopener' },
      h('img', { src: attachment.url, alt: attachment.name, loading: 'lazy' }));
  }
  return h('a', { class: 'attachment file', href: attachment.url, download: attachment.name }, `${attachment.name} (${sizeOf(attachment.size)})`);
}

/** One button per emoji: its count; pressed when it is the user's own, and a click toggles that. */
function reactionsRow(message, view) {
  const reactions = message.reactions ?? [];
  if (!reactions.length) return null;
  return h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' },
    reactions.map(({ emoji, count, mine }) => h('button', {
      type: 'button', class: `reaction${mine ? ' mine' : ''}`, 'aria-pressed': mine ? 'true' : 'false',
      'aria-label': `${emoji} ${count}${mine ? ', yours' : ''}`, onclick: () => view.actions.react(message, emoji, !mine),
    }, `${emoji} ${count}`)));
}

function actionBar(message, own, view) {
  const button = (label, action) => h('button', { type: 'button', onclick: () => action(message) }, label);
  const { actions } = view;
  return h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Message actions' },
    button('Reply', actions.reply),
    actions.thread && button('Reply in thread', actions.thread),
    !ownReaction(message, QUICK_REACTION) && h('button', { type: 'button', 'aria-label': `React ${QUICK_REACTION}`,
      onclick: () => actions.react(message, QUICK_REACTION, true) }, QUICK_REACTION),
    button('Forward', actions.forward),
    button(view.isPinned(message.seq) ? 'Unpin' : 'Pin', actions.pin),
    own && !message.attachments.length && message.state !== 'streaming' && button('Edit', actions.edit),
    own && button('Delete', actions.remove));
}

function ownReaction(message, emoji) {
  return (message.reactions ?? []).some((reaction) => reaction.emoji === emoji && reaction.mine);
}
