// Type-checked by `npm run typecheck` (tsc --noEmit): the README's example, as an app writes it.
import WebSocket from 'ws';
import { LocalStoragePositionStore, MemoryPositionStore, VestnikClient, VestnikError, withReaction, withThread, type Message } from '@vestnik/client';

export async function chatApp(storage: Storage | null): Promise<void> {
  const client = new VestnikClient({
    baseUrl: 'https://chat.example.com',
    WebSocket,
    store: storage ? new LocalStoragePositionStore('vestnik:alice', storage) : new MemoryPositionStore(),
  });
  const session = await client.login({ username: 'alice', password: 'correct horse' });
  client.on('session', (fresh) => localStorage.setItem('refresh', fresh.refresh_token));
  client.on('message', (message: Message) => console.log(message.chat_id, message.seq, message.body));
  client.on('typing', ({ chat_id, user_id, is_typing }) => console.log(chat_id, user_id, is_typing));
  client.on('unread', ({ total }) => (document.title = `(${total}) Chat`));
  client.on('state', ({ status, transport }) => console.log(status, transport));
  client.on('auth_lost', (error) => console.log('sign in again', error.code));
  client.on('notification', ({ notification }) => console.log(notification.seq, notification.title, notification.data));
  client.on('message_streaming', ({ message }) => console.log(message.seq, message.state, message.body.length));
  const shown = new Map<number, Message>();
  client.on('reaction', (event) => {
    const message = shown.get(event.seq);
    if (message) shown.set(event.seq, withReaction(message, event, client.userId ?? 0));
  });
  client.on('thread_updated', (event) => {
    const root = shown.get(event.root_seq);
    if (root) shown.set(root.seq, withThread(root, event));
  });
  await client.connect();

  const chat = await client.api.createChat({ kind: 'direct', member_ids: [2] });
  const pending = client.send(chat.id, { body: 'Hello', replyToSeq: 1 });
  console.log(pending.client_id, pending.status, session.user.id);
  try {
    const stored = await pending.stored;
    await client.markRead(chat.id, stored.seq);
  } catch (error) {
    if (error instanceof VestnikError) console.log(error.code, error.retryable);
  }
  for await (const page of client.api.history(chat.id, { pageSize: 100 })) console.log(page.length);
  const found = await client.api.search('hello', { chatId: chat.id, from: new Date(0), limit: 10 });
  for (const hit of found.hits) console.log(hit.snippet.slice(hit.highlights[0].start, hit.highlights[0].end), found.nextCursor);
  const { users } = await client.api.searchUsers('bo');
  const { read_seq: readSeq, unread } = await client.api.markNotificationsRead(3);
  console.log(readSeq, unread);
  await client.api.block(users[0].id);
  console.log((await client.api.setChatState(chat.id, { archived: true, mutedUntil: new Date() })).archived);
  const [mine] = await client.api.react(chat.id, 1, '👍');
  console.log(mine.emoji, mine.count, mine.mine, (await client.api.unreact(chat.id, 1, '👍')).length);
  client.on('thread_updated', ({ root_seq: rootSeq, thread }) => console.log(rootSeq, thread.reply_count, thread.last_reply_at));
  client.on('thread_read', ({ root_seq: rootSeq, unread }) => console.log(rootSeq, unread));
  const reply = await client.send(chat.id, { body: 'In a thread', threadRootSeq: 1, shownInChat: true }).stored;
  console.log(reply.thread_root_seq, reply.shown_in_chat, reply.thread?.reply_count);
  for await (const replies of client.api.threadHistory(chat.id, 1)) console.log(replies.length);
  const { root, has_more: more } = await client.api.threadPage(chat.id, 1, { afterSeq: 0, limit: 10 });
  console.log(root.thread?.last_reply_seq, more, (await client.api.markThreadRead(chat.id, 1, reply.seq)).unread);
  for (const followed of await client.api.threads({ unreadOnly: true })) console.log(followed.chat_id, followed.root.seq, followed.unread);
  const file = await client.api.upload(new Uint8Array([1, 2]), { name: 'a.bin', onProgress: ({ loaded, total }) => console.log(loaded / total) });
  console.log(client.api.downloadUrl(file), client.unread.total);
  client.typing(chat.id);
  await client.close();
}
