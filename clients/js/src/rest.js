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

  /** The user's chats, most recent activity first, fetched page by page as you iterate. */
  async *chats({ pageSize = 30 } = {}) {
    let cursor = null;
    do {
      const page = await this.#http.get('/api/v1/chats', { limit: pageSize, cursor });
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

  /**
   * A chat's history, newest first, as pages (each in ascending seq, as the server answers):
   * `for await (const page of client.api.history(chatId))`. Starts below `beforeSeq` when given.
   */
  async *history(chatId, { beforeSeq, pageSize = HISTORY_PAGE } = {}) {
    let before = beforeSeq;
    for (;;) {
      const page = await this.#http.get(`/api/v1/chats/${chatId}/messages`, { before_seq: before, limit: pageSize });
      if (page.messages.length) yield page.messages;
      if (!page.has_more || !page.messages.length) return;
      before = page.messages[0].seq;
    }
  }

  /** The oldest `limit` messages after `afterSeq`: `{messages, has_more}`. */
  messagesAfter(chatId, afterSeq, limit) {
    return this.#http.get(`/api/v1/chats/${chatId}/messages`, { after_seq: afterSeq, limit });
  }

  /** One stored message (with the body so far while it streams), or null. */
  async message(chatId, seq) {
    return (await this.messagesAfter(chatId, seq - 1, 1)).messages.find((message) => message.seq === seq) ?? null;
  }

  /** The user's notifications after `afterSeq`, oldest first: `{notifications, has_more, unread}`. */
  notifications(afterSeq, limit) {
    return this.#http.get('/api/v1/notifications', { after_seq: afterSeq, limit });
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

  async search(query, { chatId, limit } = {}) {
    return (await this.#http.get('/api/v1/search/messages', { q: query, chat_id: chatId, limit })).messages;
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

function reactionPath(chatId, seq, emoji) {
  return `/api/v1/chats/${chatId}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`;
}

function memberPath(chatId, userId, what) {
  return `/api/v1/chats/${chatId}/members/${userId}/${what}`;
}

function restriction(until) {
  return until === undefined ? {} : { until: until instanceof Date ? until.toISOString() : until };
}
