// Types of @vestnik/client. Server objects keep the server's snake_case names (docs/api.md);
// options the SDK itself defines are camelCase.

export interface User { id: number; username: string; display_name: string; external_id?: string | null; avatar_url?: string | null; bot?: boolean }

export interface Attachment {
  id: number; name: string; size: number; content_type: string;
  /** Hex SHA-256 of the bytes (the download's ETag); null only for files from before version 1.1 not yet read. */
  sha256: string | null;
  /** Signed, expiring; supports `Range`. */
  url: string;
  /** PNG, JPEG and GIF: a signed URL of a PNG at most 320 px a side; null otherwise. */
  thumbnail_url: string | null;
}

export interface Message {
  id: number; chat_id: number; seq: number; sender_id: number; body: string; client_id: string | null;
  created_at: string; edited_at: string | null; deleted: boolean; reply_to_seq: number | null;
  forwarded_from: { chat_id: number; seq: number } | null; attachments: Attachment[]; state?: 'complete' | 'streaming';
  /** Per emoji, in the order of their first reaction. */
  reactions: Reaction[];
  /** A reply in a thread names its root; null otherwise. */
  thread_root_seq: number | null;
  /** Part of the chat's own history: false only for a thread reply kept in its thread. */
  shown_in_chat: boolean;
  /** A root's thread, null until its first reply. */
  thread: ThreadSummary | null;
}

export interface ThreadSummary { reply_count: number; last_reply_at: string; last_reply_seq: number }

/** One thread the user takes part in (`api.threads()`). */
export interface FollowedThread { chat_id: number; root_seq: number; root: Message; read_seq: number; unread: number }

/**
 * One emoji's reactions to a message. `mine` is in answers made for the user (HTTP, replays); frames
 * every member shares leave it out: keep it with {@link withReaction}.
 */
export interface Reaction { emoji: string; count: number; mine?: boolean }

/** `user_id` added or removed `emoji` on message `seq`; `reactions` are the counts after it, without `mine`. */
export interface ReactionEvent {
  type: 'reaction'; chat_id: number; seq: number; user_id: number; emoji: string; added: boolean; change: number;
  reactions: { emoji: string; count: number }[];
}

/** The message with the event's counts, `mine` kept from before or set by the user's own reaction. */
export function withReaction(message: Message, event: ReactionEvent, userId: number): Message;

/** Reply `seq` moved the summary of root `root_seq` (see `thread_updated`). */
export interface ThreadUpdatedEvent { type: 'thread_updated'; chat_id: number; seq: number; root_seq: number; thread: ThreadSummary; change: number }

/** The root with the event's summary; unchanged when the event is about another root or an older reply than it counts. */
export function withThread(root: Message, event: ThreadUpdatedEvent): Message;

export interface Member { user_id: number; role: 'owner' | 'admin' | 'member'; last_read_seq: number }

export interface Chat {
  id: number; kind: 'direct' | 'group' | 'listing'; title: string | null; context: { type: 'listing' | 'product'; id: string } | null;
  members: Member[]; last_seq: number; created_at: string; last_activity_at: string; last_message: Message | null; unread_count: number | null;
  description?: string | null; avatar_url?: string | null;
  /** The user's own state of the chat; null in `chat_updated` events. */
  archived?: boolean | null; muted?: boolean | null; muted_until?: string | null; marked_unread?: boolean | null;
  /** A group's slow mode: seconds between a plain member's messages; 0 is off. */
  slow_mode_seconds: number;
}

/** A mute or ban as set: `until` null for until lifted. */
export interface Restriction { chat_id: number; user_id: number; until: string | null }

export type ReportReason = 'spam' | 'harassment' | 'hate' | 'violence' | 'sexual' | 'illegal' | 'other';

/** A report of a message, as filed (docs/api.md#reports). */
export interface Report {
  id: number; chat_id: number; seq: number; sender_id: number; sender_external_id: string | null;
  reporter_id: number; reporter_external_id: string | null; reason: ReportReason; comment: string | null; body: string;
  created_at: string; status: 'open' | 'resolved'; resolved_at: string | null; resolution: 'dismissed' | 'actioned' | null;
  resolution_note: string | null;
}

/** `hits[i]` explains `messages[i]`; `highlights` are JavaScript string ranges of the plain-text `snippet`. */
export interface SearchHit { chat_id: number; seq: number; snippet: string; highlights: { start: number; end: number }[] }
export interface SearchOptions { chatId?: number; senderId?: number; from?: Date | string; to?: Date | string; cursor?: string; limit?: number }
export interface FoundUser { id: number; username: string; display_name: string; avatar_url: string | null; bot: boolean }

export interface Session { user: User; access_token: string; refresh_token: string; expires_in: number; session_id: number }

/** `code` is the server's error code (docs/protocol.md), or network_error / aborted / closed. */
export class VestnikError extends Error {
  code: string;
  status: number;
  retryAfter: number | null;
  readonly retryable: boolean;
}

/** The highest seq emitted per chat (by chat id) and of the notifications (key `notifications`). */
export type Positions = Record<string, number>;
/** A send not acknowledged yet, as saved for the next client (re-sent with the same `client_id`). */
export interface SavedSend { chat_id: number; content: { client_id: string } & Record<string, unknown> }
/** What the SDK keeps between runs: positions to resume from, the last change number per chat and unsent messages. */
export interface SavedState { positions?: Positions; changes?: Record<string, number>; outbox?: SavedSend[] }
/** Where the SDK's state is kept between runs (a reloaded page resumes and re-sends from it). */
export interface PositionStore {
  load(): SavedState | null | Promise<SavedState | null>;
  save(state: SavedState): void | Promise<void>;
}
export class MemoryPositionStore implements PositionStore {
  load(): SavedState;
  save(state: SavedState): void;
}
export class LocalStoragePositionStore implements PositionStore {
  constructor(key?: string, storage?: Pick<Storage, 'getItem' | 'setItem'>);
  load(): SavedState;
  save(state: SavedState): void;
}

export type TransportName = 'websocket' | 'sse' | 'poll';
export type Status = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline' | 'signed_out' | 'closed';
export interface ConnectionState { status: Status; transport: TransportName | null; delay?: number; error?: VestnikError }

export interface ClientOptions {
  /** The server, e.g. "https://chat.example.com". */
  baseUrl: string;
  /** Host-application tokens: answers a token (a fresh one when `forceRefresh`). Without it, Vestnik accounts. */
  getToken?: (options: { forceRefresh: boolean }) => string | Promise<string>;
  store?: PositionStore;
  /** A WebSocket class (e.g. the `ws` package on Node 20); defaults to the global one. */
  WebSocket?: unknown;
  fetch?: typeof fetch;
  /** The transport ladder, top first (default all three; without a WebSocket, SSE and poll). */
  transports?: TransportName[];
  timing?: Partial<{ pingIntervalMs: number; sseIdleTimeoutMs: number; pollWaitSeconds: number; probeMs: number; backoffBaseMs: number; backoffCapMs: number }>;
}

export interface SendOptions {
  body?: string;
  replyToSeq?: number;
  attachmentIds?: number[];
  forward?: { chatId: number; seq: number };
  /** Your own id for the message; generated when left out. */
  clientId?: string;
  /** A reply in the thread of this message (of its root, when it is itself a reply). */
  threadRootSeq?: number;
  /** A thread reply also shown in the chat's own history. */
  shownInChat?: boolean;
}

export interface PendingMessage {
  client_id: string;
  chat_id: number;
  body?: string;
  status: 'pending' | 'sent' | 'failed';
  /** The stored message once acknowledged. */
  message: Message | null;
  error: VestnikError | null;
  /** Resolves with the stored message; rejects only on a definitive error (or close()). */
  stored: Promise<Message>;
}

export interface UnreadCounts { total: number; chats: Record<string, number> }

/** An application notification the host sent the user (docs/protocol.md#notifications). */
export interface Notification {
  id: number; seq: number; kind: string; title: string; body: string;
  data: Record<string, unknown> | null; created_at: string; read: boolean;
}

export interface ClientEvents {
  message: Message;
  /** `change`: the chat's change number (a streamed reply's finish carries none); each change is emitted once. */
  message_updated: { type: 'message_updated'; chat_id: number; message: Message; change?: number };
  /** `deleted_by`: the sender, or a group admin who removed it; null when the host's servers did. */
  message_deleted: { type: 'message_deleted'; chat_id: number; seq: number; deleted_by: number | null; change: number };
  /** A moderator muted (`muted`, until `until`; null: until lifted) or unmuted member `user_id`. */
  member_muted: { type: 'member_muted'; chat_id: number; user_id: number; muted: boolean; until: string | null; change?: number };
  message_read: { type: 'message_read'; chat_id: number; seq: number; read_by: number };
  message_delivered: { type: 'message_delivered'; chat_id: number; seq: number; user_id: number };
  message_pinned: { type: 'message_pinned'; chat_id: number; seq: number; pinned: boolean; change: number };
  reaction: ReactionEvent;
  /** A reply (emitted as a `message` just before) moved its root's thread summary. */
  thread_updated: ThreadUpdatedEvent;
  /** The user read a thread up to `read_seq` (on any device). */
  thread_read: { type: 'thread_read'; chat_id: number; root_seq: number; read_seq: number; unread: number };
  /** A streaming message (`state: "streaming"`) grew: `message.body` is the body so far, deltas applied in order. */
  message_streaming: { chat_id: number; message: Message };
  typing: { type: 'typing'; chat_id: number; user_id: number; is_typing: boolean };
  presence: { type: 'presence'; user_id: number; online: boolean; last_seen: string | null };
  chat_updated: { type: 'chat_updated'; chat: Chat };
  /** A group's title, description or avatar changed (a change of the chat's log). */
  chat_profile: { type: 'chat_profile'; chat_id: number; title: string | null; description: string | null; avatar_url: string | null; change: number };
  /** The user's own state of a chat changed (on any device). */
  chat_state: { type: 'chat_state'; chat_id: number; archived: boolean; muted: boolean; muted_until: string | null; marked_unread: boolean };
  /** "everyone": the owner deleted a group; "me": the user hid a direct or listing chat. */
  chat_deleted: { type: 'chat_deleted'; chat_id: number; scope: 'everyone' | 'me' };
  /** The user blocked (`blocked`) or unblocked `user_id` (on any device). */
  user_blocked: { type: 'user_blocked'; user_id: number; blocked: boolean };
  /** A change of the chat's log hidden because the user blocks its author: only the number moves on. */
  change_hidden: { type: 'change_hidden'; chat_id: number; change: number };
  /** Each of the user's notifications once, in seq order (from seq 1 on a client with no saved position). */
  notification: { type: 'notification'; notification: Notification };
  connected: { type: 'connected'; user_id: number; session_id: number; server_id: string; timestamp: string };
  unread: UnreadCounts;
  state: ConnectionState;
  /** A message arrived with earlier ones missing; they are being fetched before it is emitted. */
  gap: { chat_id: number | 'notifications'; after_seq: number; seq: number };
  session: Session;
  auth_lost: VestnikError;
  error: VestnikError | unknown;
}

export interface Progress { loaded: number; total: number }

export interface RestApi {
  me(): Promise<User>;
  user(userId: number): Promise<User>;
  createChat(fields: { kind: Chat['kind']; member_ids: number[]; title?: string; context?: { type: 'listing' | 'product'; id: string } }): Promise<Chat>;
  chat(chatId: number): Promise<Chat>;
  chats(options?: { pageSize?: number; archived?: boolean }): AsyncIterable<Chat>;
  updateChat(chatId: number, fields: { title?: string; description?: string; avatarUrl?: string }): Promise<Chat>;
  setChatState(chatId: number, state: { archived?: boolean; muted?: boolean; mutedUntil?: Date | string; markedUnread?: boolean }): Promise<Chat>;
  deleteChat(chatId: number): Promise<null>;
  block(userId: number): Promise<{ user_id: number }>;
  unblock(userId: number): Promise<null>;
  blocks(): Promise<{ user_id: number; display_name: string | null; created_at: string }[]>;
  searchUsers(query: string, options?: { cursor?: string; limit?: number }): Promise<{ users: FoundUser[]; nextCursor: string | null }>;
  addMember(chatId: number, userId: number): Promise<Chat>;
  removeMember(chatId: number, userId: number): Promise<null>;
  /** Pages newest first, each page in ascending seq. */
  history(chatId: number, options?: { beforeSeq?: number; pageSize?: number }): AsyncIterable<Message[]>;
  /** Thread replies included, as the live stream carries them. */
  messagesAfter(chatId: number, afterSeq: number, limit: number): Promise<{ messages: Message[]; has_more: boolean; hidden_seqs: number[] }>;
  /** A thread's replies: pages newest first, each page in ascending seq. */
  threadHistory(chatId: number, rootSeq: number, options?: { beforeSeq?: number; pageSize?: number }): AsyncIterable<Message[]>;
  threadPage(chatId: number, rootSeq: number, options?: { beforeSeq?: number; afterSeq?: number; limit?: number }):
    Promise<{ root: Message; messages: Message[]; has_more: boolean }>;
  markThreadRead(chatId: number, rootSeq: number, seq: number): Promise<{ read_seq: number; unread: number }>;
  threads(options?: { unreadOnly?: boolean; limit?: number }): Promise<FollowedThread[]>;
  message(chatId: number, seq: number): Promise<Message | null>;
  notifications(afterSeq: number, limit?: number): Promise<{ notifications: Notification[]; has_more: boolean; unread: number }>;
  markNotificationsRead(upToSeq: number): Promise<{ read_seq: number; unread: number }>;
  edit(chatId: number, seq: number, body: string): Promise<Message>;
  /** Idempotent; one emoji or a `:short_code:`; answers the message's reactions as the user sees them. */
  react(chatId: number, seq: number, emoji: string): Promise<Reaction[]>;
  unreact(chatId: number, seq: number, emoji: string): Promise<Reaction[]>;
  deleteMessage(chatId: number, seq: number): Promise<null>;
  /** Owner only: "admin" / "member", or "owner" to hand the group over (the caller becomes an admin). */
  setRole(chatId: number, userId: number, role: Member['role']): Promise<Chat>;
  mute(chatId: number, userId: number, options?: { until?: string | Date }): Promise<Restriction>;
  unmute(chatId: number, userId: number): Promise<null>;
  ban(chatId: number, userId: number, options?: { until?: string | Date }): Promise<Restriction>;
  unban(chatId: number, userId: number): Promise<null>;
  setSlowMode(chatId: number, seconds: number): Promise<Chat>;
  report(chatId: number, seq: number, reason: ReportReason, options?: { comment?: string }): Promise<Report>;
  pin(chatId: number, seq: number): Promise<{ pinned: boolean }>;
  unpin(chatId: number, seq: number): Promise<null>;
  pins(chatId: number): Promise<Message[]>;
  unread(): Promise<{ total: number; chats: { chat_id: number; unread: number }[] }>;
  presence(userIds: number[]): Promise<{ user_id: number; online: boolean; last_seen: string | null }[]>;
  search(query: string, options?: SearchOptions): Promise<{ messages: Message[]; hits: SearchHit[]; nextCursor: string | null }>;
  searchAll(query: string, options?: SearchOptions): AsyncIterable<{ message: Message; hit: SearchHit }>;
  sessions(): Promise<{ sessions: { id: number; created_at: string; last_seen_at: string; user_agent: string; ip: string; current: boolean }[] }>;
  upload(data: Blob | ArrayBuffer | Uint8Array, options?: { name?: string; contentType?: string; onProgress?: (progress: Progress) => void; signal?: AbortSignal }): Promise<Attachment>;
  attachment(attachmentId: number): Promise<Attachment>;
  downloadUrl(attachment: Pick<Attachment, 'url'>): string;
}

export class VestnikClient {
  constructor(options: ClientOptions);
  readonly api: RestApi;
  readonly session: Session | null;
  readonly userId: number | null;
  readonly state: ConnectionState;
  readonly pending: PendingMessage[];
  readonly unread: UnreadCounts;
  register(account: { username: string; password: string; displayName?: string }): Promise<Session>;
  login(account: { username: string; password: string }): Promise<Session>;
  resumeSession(refreshToken: string): Promise<void>;
  logout(): Promise<void>;
  connect(): Promise<void>;
  close(): Promise<void>;
  on<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void): () => void;
  off<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void): void;
  send(chatId: number, content: string | SendOptions): PendingMessage;
  forward(chatId: number, from: { chatId: number; seq: number }): PendingMessage;
  track(chatId: number, seq: number): void;
  markRead(chatId: number, seq: number): Promise<void>;
  typing(chatId: number): void;
  stopTyping(chatId: number): void;
}
