import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { MemoryPositionStore, VestnikClient } from '../src/index.js';
import { waitFor } from './support/await.js';
import { HOST_SETTINGS, hostToken, hostUser, notify, serviceKey } from './support/host.js';
import { NodeProcess } from './support/node-process.js';
import { StreamRecorder, call, clientFor, history, twoUsersChatting } from './support/scenario.js';

/** What a reloaded page keeps in its store: positions (notifications included), unsent messages, and the counts it shows. */
describe('the state a new client takes over from the store', { timeout: 120_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start(HOST_SETTINGS);
  });
  after(() => node?.close());

  it('notifications: each once, in seq order; a new client on the same store resumes after the last one emitted', async () => {
    const key = await serviceKey(node.url, ['users', 'notifications']);
    const user = await hostUser(node.url, key, `n${process.pid}x${Date.now().toString(36)}`);
    const store = new MemoryPositionStore();
    const open = async () => {
      const client = new VestnikClient({ baseUrl: node.url, getToken: () => hostToken(user.externalId), WebSocket, store });
      const seqs = [];
      client.on('notification', ({ notification }) => seqs.push(notification.seq));
      await client.connect();
      return { client, seqs };
    };
    const first = await open();
    for (let i = 1; i <= 3; i++) await notify(node.url, key, user.externalId, `first ${i}`);
    await waitFor('three notifications', () => first.seqs.length === 3);
    await first.client.close();
    assert.equal((await store.load()).positions.notifications, 3);

    for (let i = 4; i <= 5; i++) await notify(node.url, key, user.externalId, `away ${i}`);
    const second = await open();
    await notify(node.url, key, user.externalId, 'live 6');
    await waitFor('the missed and the live ones', () => second.seqs.length === 3);
    assert.deepEqual(first.seqs, [1, 2, 3]);
    assert.deepEqual(second.seqs, [4, 5, 6], 'the second client starts after the first one\'s position');
    assert.deepEqual(await second.client.api.markNotificationsRead(4), { read_seq: 4, unread: 2 });
    assert.deepEqual(await second.client.api.markNotificationsRead(2), { read_seq: 4, unread: 2 }, 'the read position never moves back');
    const { notifications, unread } = await second.client.api.notifications(3, 10);
    assert.deepEqual([notifications.map((notification) => notification.read), unread], [[true, false, false], 2]);
    await second.client.close();
  });

  it('messages not acknowledged before a client closed are sent by the next client on the store, each stored once', async () => {
    const { alice, chatId } = await twoUsersChatting(node.url);
    const store = new MemoryPositionStore();
    const offline = clientFor(node.url, alice, { store });
    const cut = offline.send(chatId, 'written before the page was closed');
    await offline.close();
    await assert.rejects(cut.stored, { code: 'closed' });
    // A send the server stored whose ack the closed page never saw: the next client re-sends it too.
    const state = await store.load();
    const alreadyStored = { chat_id: chatId, content: { client_id: 'stored-before-reload', body: 'stored, never acked' } };
    await call(node.url, 'POST', `/api/v1/chats/${chatId}/messages`, alice.token, alreadyStored.content);
    await store.save({ ...state, outbox: [alreadyStored, ...state.outbox] });

    const next = clientFor(node.url, alice, { store });
    await next.connect();
    assert.deepEqual(next.pending.map((pending) => pending.client_id), ['stored-before-reload', cut.client_id]);
    const stored = await Promise.all(next.pending.map((pending) => pending.stored));
    assert.deepEqual(stored.map((message) => message.body), ['stored, never acked', 'written before the page was closed']);
    assert.deepEqual((await history(node.url, alice, chatId)).map((message) => message.body), ['stored, never acked', 'written before the page was closed'], 'each client_id stored once');
    await waitFor('the outbox to be saved empty', async () => (await store.load()).outbox.length === 0);
    await next.close();
  });

  it('unread counts stay right after a read on another device and after a resume that replays messages', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    const store = new MemoryPositionStore();
    const send = (body) => call(node.url, 'POST', `/api/v1/chats/${chatId}/messages`, alice.token, { client_id: body, body });
    const phone = clientFor(node.url, bob, { store });
    const seen = new StreamRecorder(phone);
    phone.track(chatId, 0);
    await phone.connect();
    for (const body of ['one', 'two', 'three']) await send(body);
    await waitFor('three unread', () => phone.unread.chats[chatId] === 3 && seen.last(chatId) === 3);
    await call(node.url, 'POST', `/api/v1/chats/${chatId}/read`, bob.token, { seq: 2 }); // Bob's laptop
    await waitFor('the read elsewhere to leave one', () => phone.unread.chats[chatId] === 1);
    await phone.close();

    for (const body of ['four', 'five']) await send(body);
    const reloaded = clientFor(node.url, bob, { store });
    const replayed = new StreamRecorder(reloaded);
    const counts = [];
    reloaded.on('unread', ({ chats }) => counts.push(chats[chatId] ?? 0));
    await reloaded.connect();
    await waitFor('the replay of four and five', () => replayed.last(chatId) === 5);
    await waitFor('the counts after the resume', () => reloaded.unread.chats[chatId] === 3);
    await reloaded.markRead(chatId, 5);
    assert.deepEqual(reloaded.unread, { total: 0, chats: {} }, 'a read of everything clears the chat at once');
    assert.ok(counts.every((count) => count <= 3), `never more than the three unread: ${counts}`);
    replayed.assertExactly(chatId, 4, 5);
    await reloaded.close();
  });
});
