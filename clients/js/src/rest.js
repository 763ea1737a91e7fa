import { upload } from './attachments.js';

/** Page size for history. */
const HISTORY_PAGE = 50;

/**
 * The plain HTTP calls of the API (docs/api.md), one method each, answering the server's JSON.
 * Reached as `client.api`. What needs state — sends, read positions, typing, the live stream —
 * is on the client itself.
 */
export class RestApi {
  #http;

  constructor(http) {
    this.#http = http;
  }

  me() {
    return this.#http.get('/api/v1/users/me');
  }

  user(userId) {
    return this.#http.get(`/api/v1/users/${userId}`);
  }

  /** `{kind: "direct"|"group"|"listing", member_ids, title?, context?}` → the chat. */
  async createChat(fields) {
    return (await this.#http.post('/api/v1/chats', fields)).chat;
  }

  async chat(chatId) {
    return (await this.#http.get(`/api/v1/chats/${chatId}`)).chat;
  }

  /**
   * The user's chats, most recent activity first, fetched page by page as you iterate.
   * `archived`: true for archived chats only, false for the others, absent for all.
   */
  async *chats({ pageSize = 30, archived } = {}) {
    let cursor = null;
    do {
      const page = await this.#http.get('/api/v1/chats', { limit: pageSize, cursor, archived });
      yield* page.chats;
      cursor = page.next_cursor;
    } while (cursor);
  }

  async addMember(chatId, userId) {
    return (await this.#http.post(`/api/v1/chats/${chatId}/members`, { user_id: userId })).chat;
  }

  removeMember(chatId, userId) {
    return this.#http.request('DELETE', `/api/v1/chats/${chatId}/members/${userId}`);
  }

  /** A group's `{title?, description?, avatarUrl?}` (its owner or an admin); an empty string removes one. */
  async updateChat(chatId, { title, description, avatarUrl } = {}) {
    const body = definedOnly({ title, description, avatar_url: avatarUrl });
    return (await this.#http.request('PATCH', `/api/v1/chats/${chatId}`, { body })).chat;
  }

  /**
   * The user's own state of a chat: `{archived?, muted?, mutedUntil?, markedUnread?}` (absent:
   * unchanged; `mutedUntil` a Date or ISO string). Answers the chat as the user sees it.
   */
  async setChatState(chatId, { archived, muted, mutedUntil, markedUnread } = {}) {
    const until = mutedUntil instanceof Date ? mutedUntil.toISOString() : mutedUntil;
    const body = definedOnly({ archived, muted, muted_until: until, marked_unread: markedUnread });
    return (await this.#http.request('PATCH', `/api/v1/chats/${chatId}/state`, { body })).chat;
  }

  /** A group: deleted for everyone (its owner). A direct or listing chat: hidden for the user until its next message. */
  deleteChat(chatId) {
    return this.#http.request('DELETE', `/api/v1/chats/${chatId}`);
  }

  /** Blocks a user: their messages never reach this user, and no direct chat opens between them. */
  block(userId) {
    return this.#http.post('/api/v1/blocks', { user_id: userId });
  }

  unblock(userId) {
    return this.#http.request('DELETE', `/api/v1/blocks/${userId}`);
  }

  /** Whom the user blocks, most recent first: `[{user_id, display_name, created_at}]`. */
  async blocks() {
    return (await this.#http.get('/api/v1/blocks')).blocks;
  }

  /**
   * People to start a chat with, by the start of their display name or username:
   * `{users: [{id, username, display_name, avatar_url, bot}], nextCursor}`.
   */
  async searchUsers(query, { cursor, limit } = {}) {
    const page = await this.#http.get('/api/v1/users', { q: query, cursor, limit });
    return { users: page.users, nextCursor: page.next_cursor };
  }

  /**
   * A chat's history, newest first, as pages (each in ascending seq, as the server answers):
   * `for await (const page of client.api.history(chatId))`. Starts below `beforeSeq` when given.
   */
  history(chatId, { beforeSeq, pageSize = HISTORY_PAGE } = {}) {
    return this.#pagesBackwards(`/api/v1/chats/${chatId}/messages`, beforeSeq, pageSize);
  }

  /**
   * A thread's replies, newest first, as pages (each in ascending seq), like `history`:
   * `for await (const replies of client.api.threadHistory(chatId, rootSeq))`. The root itself, with
   * its `thread` summary, comes from `threadPage`.
   */
  threadHistory(chatId, rootSeq, { beforeSeq, pageSize = HISTORY_PAGE } = {}) {
    return this.#pagesBackwards(`${threadPath(chatId, rootSeq)}/messages`, beforeSeq, pageSize);
  }

  /** One page of a thread: `{root, messages, has_more}`; `{beforeSeq}` pages back, `{afterSeq}` forwards. */
  threadPage(chatId, rootSeq, { beforeSeq, afterSeq, limit } = {}) {
    return this.#http.get(`${threadPath(chatId, rootSeq)}/messages`, { before_seq: beforeSeq, after_seq: afterSeq, limit });
  }

  /** Moves the user's read position in a thread forward: `{read_seq, unread}`. */
  markThreadRead(chatId, rootSeq, seq) {
    return this.#http.post(`${threadPath(chatId, rootSeq)}/read`, { seq });
  }

  /** The threads the user takes part in, latest reply first: `[{chat_id, root_seq, root, read_seq, unread}]`. */
  async threads({ unreadOnly = false, limit } = {}) {
    return (await this.#http.get('/api/v1/threads', { unread: unreadOnly || undefined, limit })).threads;
  }

  async *#pagesBackwards(path, beforeSeq, pageSize) {
    let before = beforeSeq;
    for (;;) {
      const page = await this.#http.get(path, { before_seq: before, limit: pageSize });
      if (page.messages.length) yield page.messages;
      // Messages of blocked users are left out; their seqs still say where the page began.
      const first = Math.min(page.messages[0]?.seq ?? Infinity, ...(page.hidden_seqs ?? []));
      if (!page.has_more || first === Infinity) return;
      before = first;
    }
  }

  /**
   * The oldest `limit` messages after `afterSeq`, thread replies included (as the live stream
   * carries them): `{messages, has_more, hidden_seqs}`.
   */
  messagesAfter(chatId, afterSeq, limit) {
    return this.#http.get(`/api/v1/chats/${chatId}/messages`, { after_seq: afterSeq, limit, thread_replies: true });
  }

  /** One stored message (with the body so far while it streams), or null. */
  async message(chatId, seq) {
    return (await this.messagesAfter(chatId, seq - 1, 1)).messages.find((message) => message.seq === seq) ?? null;
  }

  /** The user's notifications after `afterSeq`, oldest first: `{notifications, has_more, unread}`. */
  notifications(afterSeq, limit) {
    return this.#http.get('/api/v1/notifications', { after_seq: afterSeq, limit });
  }

  /**
   * Marks every notification up to `upToSeq` read: `{read_seq, unread}`. The read position never
   * moves back, and the server sends no event for it: another device learns it from `notifications`.
   */
  markNotificationsRead(upToSeq) {
    return this.#http.post('/api/v1/notifications/read', { up_to_seq: upToSeq });
  }

  async edit(chatId, seq, body) {
    return (await this.#http.request('PATCH', `/api/v1/chats/${chatId}/messages/${seq}`, { body: { body } })).message;
  }

  deleteMessage(chatId, seq) {
    return this.#http.request('DELETE', `/api/v1/chats/${chatId}/messages/${seq}`);
  }

  /** Adds the user's `emoji` (one emoji or a `:short_code:`); idempotent. Answers the message's reactions. */
  async react(chatId, seq, emoji) {
    return (await this.#http.request('PUT', reactionPath(chatId, seq, emoji))).reactions;
  }

  /** Removes the user's `emoji`; idempotent. Answers the message's reactions. */
  async unreact(chatId, seq, emoji) {
    return (await this.#http.request('DELETE', reactionPath(chatId, seq, emoji))).reactions;
  }

  /** The owner gives a member `role` "admin" or "member", or hands the group over ("owner"). Answers the chat. */
  async setRole(chatId, userId, role) {
    return (await this.#http.request('PUT', memberPath(chatId, userId, 'role'), { body: { role } })).chat;
  }

  /** An owner or admin mutes a member until `until` (an ISO time, or a Date) or, without it, until lifted. */
  async mute(chatId, userId, { until } = {}) {
    return (await this.#http.request('PUT', memberPath(chatId, userId, 'mute'), { body: restriction(until) })).mute;
  }

  unmute(chatId, userId) {
    return this.#http.request('DELETE', memberPath(chatId, userId, 'mute'));
  }

  /** An owner or admin removes the user and keeps them out until `until` or, without it, until lifted. */
  async ban(chatId, userId, { until } = {}) {
    return (await this.#http.request('PUT', memberPath(chatId, userId, 'ban'), { body: restriction(until) })).ban;
  }

  unban(chatId, userId) {
    return this.#http.request('DELETE', memberPath(chatId, userId, 'ban'));
  }

  /** An owner or admin sets the seconds between a member's messages (0: off). Answers the chat. */
  async setSlowMode(chatId, seconds) {
    return (await this.#http.request('PUT', `/api/v1/chats/${chatId}/slow_mode`, { body: { seconds } })).chat;
  }

  /** Reports someone else's message to the host's moderators; a repeat answers the first report. */
  async report(chatId, seq, reason, { comment } = {}) {
    const body = comment === undefined ? { reason } : { reason, comment };
    return (await this.#http.post(`/api/v1/chats/${chatId}/messages/${seq}/reports`, body)).report;
  }

  pin(chatId, seq) {
    return this.#http.post(`/api/v1/chats/${chatId}/pins`, { seq });
  }

  unpin(chatId, seq) {
    return this.#http.request('DELETE', `/api/v1/chats/${chatId}/pins/${seq}`);
  }

  async pins(chatId) {
    return (await this.#http.get(`/api/v1/chats/${chatId}/pins`)).messages;
  }

  /** `{total, chats: [{chat_id, unread}]}` as the server counts it now. */
  unread() {
    return this.#http.get('/api/v1/unread');
  }

  async presence(userIds) {
    return (await this.#http.get('/api/v1/presence', { user_ids: userIds.join(',') })).presence;
  }

  /**
   * One page of message search (docs/api.md): `{messages, hits, nextCursor}`, best match first.
   * `hits[i]` explains `messages[i]`: `{chat_id, seq, snippet, highlights: [{start, end}]}`, the
   * ranges being JavaScript string indices into `snippet` (plain text: render it as text). Filters:
   * `chatId`, `senderId`, `from` and `to` (Date or ISO string); pass `nextCursor` back as `cursor`.
   */
  async search(query, { chatId, senderId, from, to, cursor, limit } = {}) {
    const page = await this.#http.get('/api/v1/search/messages', {
      q: query, chat_id: chatId, sender_id: senderId, from: isoTime(from), to: isoTime(to), cursor, limit,
    });
    return { messages: page.messages, hits: page.hits, nextCursor: page.next_cursor };
  }

  /** Every result of a search, page by page as you iterate: `{message, hit}` pairs. */
  async *searchAll(query, options = {}) {
    let cursor = options.cursor;
    do {
      const page = await this.search(query, { ...options, cursor });
      for (let i = 0; i < page.messages.length; i++) yield { message: page.messages[i], hit: page.hits[i] };
      cursor = page.nextCursor;
    } while (cursor);
  }

  sessions() {
    return this.#http.get('/api/v1/sessions');
  }

  /** Uploads a Blob, File, ArrayBuffer or Uint8Array; see attachments.js for progress. */
  upload(data, options) {
    return upload(this.#http, data, options);
  }

  /** The attachment with a freshly signed `url` (signed URLs expire). */
  attachment(attachmentId) {
    return this.#http.get(`/api/v1/attachments/${attachmentId}`);
  }

  /** The absolute download URL of an attachment's signed, relative `url`. */
  downloadUrl(attachment) {
    return this.#http.url(attachment.url).href;
  }
}

function threadPath(chatId, rootSeq) {
  return `/api/v1/chats/${chatId}/threads/${rootSeq}`;
}

function reactionPath(chatId, seq, emoji) {
  return `/api/v1/chats/${chatId}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`;
}

function memberPath(chatId, userId, what) {
  return `/api/v1/chats/${chatId}/members/${userId}/${what}`;
}

function restriction(until) {
  return until === undefined ? {} : { until: until instanceof Date ? until.toISOString() : until };
}

function definedOnly(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function isoTime(time) {
  return time instanceof Date ? time.toISOString() : time;
}
