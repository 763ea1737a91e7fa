import { AccountAuth, HostTokenAuth } from './auth.js';
import { ChangeNumbers } from './change-numbers.js';
import { ChatStream, hiddenMessage } from './chat-stream.js';
import { Connection, LADDER } from './connection.js';
import { Emitter } from './emitter.js';
import { errorFromFrame } from './errors.js';
import { HttpApi } from './http.js';
import { MessageStreams } from './message-streams.js';
import { Outbox } from './outbox.js';
import { RestApi } from './rest.js';
import { SavedState } from './saved-state.js';
import { MemoryPositionStore } from './stores.js';
import { StreamingMessages } from './streaming.js';
import { Timers } from './timers.js';
import { TypingSender } from './typing.js';
import { UnreadCounts } from './unread.js';

const DEFAULT_TIMING = {
  pingIntervalMs: 25_000,
  sseIdleTimeoutMs: 45_000,
  pollWaitSeconds: 25,
  probeMs: 60_000,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
};

/** Server events the client handles itself instead of passing them on under their own name. */
const CONSUMED = new Set(['new_message', 'message_hidden', 'ack', 'error', 'resumed', 'pong', 'notification', 'message_delta']);
/** The key of the notifications' position beside the chats' in `resume` and in the store. */
const NOTIFICATIONS = 'notifications';

/**
 * A Vestnik client: one connection for all of a user's chats, the messages of each chat emitted
 * once, in seq order and without gaps (event `message`), optimistic sends, read positions,
 * typing, unread counts, and the HTTP API as `client.api`. See README.md for every event.
 */
export class VestnikClient {
  #emitter = new Emitter();
  #timers = new Timers();
  #abort = new AbortController();
  #auth;
  #http;
  #connection;
  #streams;
  #notifications;
  #changes = new ChangeNumbers();
  #streaming;
  #saved;
  #outbox;
  #typing;
  #unread;
  #loaded;
  #userId = null;
  #generation = 0;
  #state = { status: 'idle', transport: null };
  #unwatchNetwork = () => {};
  #firstLive = null;

  constructor({ baseUrl, getToken, store = new MemoryPositionStore(), WebSocket = globalThis.WebSocket, fetch, transports, timing } = {}) {
    const fetchImpl = fetch ?? globalThis.fetch.bind(globalThis);
    const signal = this.#abort.signal;
    this.#auth = getToken ? new HostTokenAuth(getToken) : this.#accountAuth(baseUrl, fetchImpl);
    this.#http = new HttpApi({ baseUrl, auth: this.#auth, fetch: fetchImpl, signal });
    /** The plain HTTP calls: chats, history, edits, pins, presence, search, attachments. */
    this.api = new RestApi(this.#http);
    this.#saved = new SavedState({
      store,
      timers: this.#timers,
      snapshot: () => ({ positions: this.#positions(), changes: this.#changes.positions(), outbox: this.#outbox.saved() }),
    });
    this.#streams = this.#messageStreams();
    this.#notifications = this.#notificationStream();
    this.#streaming = new StreamingMessages({
      fetchMessage: (chatId, seq) => this.api.message(chatId, seq),
      grew: (message) => this.#emitter.emit('message_streaming', { chat_id: message.chat_id, message }),
    });
    this.#outbox = new Outbox({ timers: this.#timers, transmit: this.#transmitter(), changed: () => this.#saved.saveNow() });
    this.#typing = new TypingSender({ timers: this.#timers, send: (chatId, isTyping) => this.#sendTyping(chatId, isTyping) });
    this.#unread = this.#unreadCounts();
    this.#connection = this.#newConnection(WebSocket, transports ?? (WebSocket ? LADDER : ['sse', 'poll']), timing);
    this.#loaded = this.#restore();
  }

  // --- accounts ------------------------------------------------------------------------------

  /** Creates a Vestnik account and signs in: answers the session. */
  register({ username, password, displayName }) {
    return this.#account().register({ username, password, displayName });
  }

  login({ username, password }) {
    return this.#account().login({ username, password });
  }

  /** Continues a session from the refresh token of an earlier `session` event. */
  resumeSession(refreshToken) {
    return this.#account().resume(refreshToken);
  }

  /** Ends the session on the server (its sockets close everywhere) and closes the client. */
  async logout() {
    this.#connection.stop();
    await this.#account().logout();
    await this.close();
  }

  /** The session (tokens included) with Vestnik accounts; null with host tokens. */
  get session() {
    return this.#auth.session;
  }

  /** The signed-in user's id, once known. */
  get userId() {
    return this.#userId ?? this.#auth.session?.user?.id ?? null;
  }

  // --- connection ----------------------------------------------------------------------------

  /** Opens the connection; resolves when it is first live (kept open and resumed after that). */
  async connect() {
    await this.#loaded;
    this.#firstLive ??= new Promise((resolve) => {
      const off = this.on('state', ({ status }) => status === 'live' && (off(), resolve()));
    });
    this.#unwatchNetwork = watchNetwork((online) => this.#connection.networkChanged(online));
    this.#connection.start();
    return this.#firstLive;
  }

  /** `{status: idle|connecting|live|reconnecting|offline|signed_out|closed, transport}`. */
  get state() {
    return this.#state;
  }

  /**
   * Releases every socket, request, timer and listener. Positions and unsent messages are saved
   * to the store first (a client on the same store re-sends them); here, messages still waiting
   * for an ack fail with code `closed`.
   */
  async close() {
    this.#connection.stop();
    const saved = this.#saved.saveNow();
    this.#outbox.close();
    this.#streams.stop();
    this.#notifications.stop();
    this.#auth.stop();
    this.#timers.clearAll();
    this.#abort.abort();
    this.#unwatchNetwork();
    await saved;
    this.#emitter.removeAll();
  }

  on(event, listener) {
    return this.#emitter.on(event, listener);
  }

  off(event, listener) {
    this.#emitter.off(event, listener);
  }

  // --- messages ------------------------------------------------------------------------------

  /**
   * Sends a message (a string, or `{body, replyToSeq, attachmentIds, forward: {chatId, seq},
   * clientId, threadRootSeq, shownInChat}`: a reply in the thread of `threadRootSeq`, also in
   * the chat's own history when `shownInChat`) and answers at once its pending message: `{client_id, chat_id, status, stored}`;
   * `stored` resolves with the stored message on ack and rejects only on a definitive error.
   */
  send(chatId, content) {
    const fields = typeof content === 'string' ? { body: content } : content;
    return this.#outbox.add(chatId, toWire(fields));
  }

  /** Forwards message `seq` of chat `from.chatId` into `chatId`. */
  forward(chatId, from) {
    return this.send(chatId, { forward: from });
  }

  /** Messages sent and not acknowledged yet, in send order (those an earlier page left included). */
  get pending() {
    return this.#outbox.pending;
  }

  /** Emits chat `chatId`'s messages after `seq` from now on (e.g. a chat the app just opened). */
  track(chatId, seq) {
    this.#streams.track(chatId, seq);
    if (this.#connection.transport) this.#catchUp();
  }

  /** Moves the user's read position in a chat forward to `seq`. */
  async markRead(chatId, seq) {
    if (!this.#connection.sendFrame({ type: 'mark_read', chat_id: chatId, seq })) {
      await this.#http.post(`/api/v1/chats/${chatId}/read`, { seq });
    }
    this.#unread.readMoved({ chat_id: chatId, seq, read_by: this.userId });
  }

  /** Call on every keystroke: throttled, and stops by itself a few seconds after the last. */
  typing(chatId) {
    this.#typing.typing(chatId);
  }

  stopTyping(chatId) {
    this.#typing.stop(chatId);
  }

  /** `{total, chats: {chat_id: count}}`; event `unread` when it changes. */
  get unread() {
    return this.#unread.snapshot();
  }

  // --- wiring --------------------------------------------------------------------------------

  #accountAuth(baseUrl, fetch) {
    return new AccountAuth({
      baseUrl,
      fetch,
      signal: this.#abort.signal,
      timers: this.#timers,
      onSession: (session) => this.#emitter.emit('session', session),
      onLost: (error) => this.#authLost(error),
    });
  }

  #account() {
    if (!(this.#auth instanceof AccountAuth)) throw new TypeError('This client uses host-application tokens.');
    return this.#auth;
  }

  #messageStreams() {
    return new MessageStreams({
      timers: this.#timers,
      fetchAfter: (chatId, afterSeq, limit) => this.api.messagesAfter(chatId, afterSeq, limit),
      emit: (message) => {
        this.#unread.messageEmitted(message);
        this.#streaming.seen(message);
        this.#emitter.emit('message', message);
      },
      onGap: (gap) => this.#emitter.emit('gap', gap),
      changed: () => this.#saved.saveSoon(),
    });
  }

  /** The user's notifications: one more ordered stream, its position beside the chats'. */
  #notificationStream() {
    return new ChatStream(NOTIFICATIONS, 0, {
      timers: this.#timers,
      fetchAfter: async (_, afterSeq, limit) => {
        const { notifications, has_more: hasMore } = await this.api.notifications(afterSeq, limit);
        return { messages: notifications, has_more: hasMore };
      },
      emit: (notification) => {
        this.#saved.saveSoon();
        this.#emitter.emit('notification', { type: 'notification', notification });
      },
      onGap: (gap) => this.#emitter.emit('gap', gap),
    });
  }

  /** `resume` positions: each chat's and the notifications'. */
  #positions() {
    return { ...this.#streams.positions(), [NOTIFICATIONS]: this.#notifications.position };
  }

  async #restore() {
    const { positions: { [NOTIFICATIONS]: notifications = 0, ...chats }, changes, outbox } = await this.#saved.load();
    this.#streams.restore(chats);
    this.#changes.restore(changes);
    this.#notifications.position = notifications;
    this.#outbox.restore(outbox);
  }

  #catchUp() {
    return Promise.all([this.#streams.catchUpAll(), this.#notifications.catchUp()]);
  }

  #unreadCounts() {
    return new UnreadCounts({
      timers: this.#timers,
      api: this.api,
      userId: () => this.userId,
      onChange: (snapshot) => this.#emitter.emit('unread', snapshot),
    });
  }

  #newConnection(WebSocket, transports, timing) {
    const options = {
      http: this.#http,
      WebSocket,
      transports,
      timers: this.#timers,
      timing: { ...DEFAULT_TIMING, ...timing },
      onStatus: (state) => {
        this.#state = state;
        this.#emitter.emit('state', state);
      },
      onAuthLost: (error) => this.#authLost(error),
    };
    return new Connection(options, {
      onFrame: (frame) => this.#received(frame),
      onLive: (live) => this.#live(live),
      positions: () => this.#positions(),
      changes: () => this.#changes.positions(),
      pruneChats: () => this.#pruneChats(),
    });
  }

  #transmitter() {
    return {
      mode: () => ({ websocket: 'socket', sse: 'http', poll: 'http' })[this.#connection.transport] ?? null,
      generation: () => this.#generation,
      sendFrame: (frame) => this.#connection.sendFrame(frame),
      post: async (chatId, content) => (await this.#http.post(`/api/v1/chats/${chatId}/messages`, content)).message,
    };
  }

  async #live({ catchUp }) {
    this.#generation++;
    this.#outbox.flush();
    if (catchUp) this.#catchUp();
    try {
      if (this.userId === null) this.#userId = (await this.api.me()).id;
      await this.#unread.recount();
    } catch {
      // counts come with the next connect; the stream itself does not depend on them
    }
  }

  #received(frame) {
    if (!this.#changes.accept(frame)) return; // a change applied already (it came again after a reconnect)
    if (frame.change !== undefined) this.#saved.saveSoon();
    if (frame.type === 'connected') this.#userId = frame.user_id;
    else if (frame.type === 'new_message') this.#streams.accept(frame.message);
    else if (frame.type === 'message_hidden') this.#streams.accept(hiddenMessage(frame.chat_id, frame.seq));
    else if (frame.type === 'ack') this.#acked(frame);
    else if (frame.type === 'error') this.#failed(frame);
    else if (frame.type === 'notification') this.#notifications.accept(frame.notification);
    else if (frame.type === 'message_delta') this.#streaming.delta(frame);
    else if (frame.type === 'message_updated') this.#streaming.seen(frame.message);
    else if (frame.type === 'message_read') this.#unread.readMoved(frame);
    else if (frame.type === 'message_deleted') this.#unread.recountSoon(frame.chat_id);
    else if (frame.type === 'chat_updated') this.#chatChanged(frame.chat);
    else if (frame.type === 'chat_deleted' && frame.scope === 'everyone') this.#streams.forget(frame.chat_id);
    if (!CONSUMED.has(frame.type)) this.#emitter.emit(frame.type, frame);
  }

  /** The sending socket gets the `ack` in its seq's place instead of the `new_message`. */
  #acked({ client_id: clientId, message }) {
    this.#outbox.acked(clientId, message);
    this.#streams.accept(message);
  }

  #failed(frame) {
    const error = errorFromFrame(frame);
    if (frame.client_id) this.#outbox.failed(frame.client_id, error);
    else this.#emitter.emit('error', error);
  }

  /** Joined: the stream starts where the chat stood; left: the chat is no longer resumed. */
  #chatChanged(chat) {
    if (chat.members.some((member) => member.user_id === this.userId)) {
      this.#streams.track(chat.id, chat.last_seq);
    } else {
      this.#streams.forget(chat.id);
      this.#changes.forget(chat.id);
    }
  }

  /** `resume` named a chat the user is no longer in: forget the chats that answer 404. */
  async #pruneChats() {
    const chatIds = Object.keys(this.#streams.positions()).map(Number);
    await Promise.all(chatIds.map((chatId) => this.api.chat(chatId).catch((error) => {
      if (error.code !== 'not_found') throw error;
      this.#streams.forget(chatId);
      this.#changes.forget(chatId);
    })));
  }

  #sendTyping(chatId, isTyping) {
    if (this.#connection.sendFrame({ type: 'typing', chat_id: chatId, is_typing: isTyping })) return;
    this.#http.post(`/api/v1/chats/${chatId}/typing`, { is_typing: isTyping }).catch(() => {});
  }

  #authLost(error) {
    this.#connection.stop('signed_out');
    this.#emitter.emit('auth_lost', error);
  }
}

/** The wire fields of a send, without the ones left out. */
function toWire({ clientId, body, replyToSeq, attachmentIds, forward, threadRootSeq, shownInChat }) {
  const fields = {
    client_id: clientId, body, reply_to_seq: replyToSeq, attachment_ids: attachmentIds,
    thread_root_seq: threadRootSeq, shown_in_chat: shownInChat,
  };
  if (forward) fields.forward = { chat_id: forward.chatId, seq: forward.seq };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The browser's online/offline events; nothing elsewhere. Answers the function that stops. */
function watchNetwork(changed) {
  const target = globalThis.window;
  if (typeof target?.addEventListener !== 'function') return () => {};
  const online = () => changed(true);
  const offline = () => changed(false);
  target.addEventListener('online', online);
  target.addEventListener('offline', offline);
  return () => {
    target.removeEventListener('online', online);
    target.removeEventListener('offline', offline);
  };
}
