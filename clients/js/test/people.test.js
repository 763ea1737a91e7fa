import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatStream } from '../src/chat-stream.js';
import { Timers } from '../src/timers.js';
import { waitFor } from './support/await.js';
import { NodeProcess } from './support/node-process.js';
import { call, clientFor, newUser } from './support/scenario.js';

describe('a chat stream with messages of blocked users', () => {
  it('passes a hidden seq from history without emitting it, and emits what follows in order', async () => {
    const emitted = [];
    const fetchAfter = async () => ({ messages: [{ chat_id: 1, seq: 1 }, { chat_id: 1, seq: 3 }], has_more: false, hidden_seqs: [2] });
    const stream = new ChatStream(1, 0, { fetchAfter, emit: (m) => emitted.push(m.seq), timers: new Timers() });
    stream.accept({ chat_id: 1, seq: 4 });
    await waitFor('the gap filled', () => emitted.length === 3);
    assert.deepEqual(emitted, [1, 3, 4]);
    assert.equal(stream.position, 4);
  });
});

describe('people and chat management against a server', { timeout: 120_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start();
  });
  after(() => node?.close());

  it('a blocked member\'s messages never reach the blocker, whose stream stays gapless', async () => {
    const [ann, bob, cid] = [await newUser(node.url), await newUser(node.url), await newUser(node.url)];
    const chatId = (await call(node.url, 'POST', '/api/v1/chats', cid.token, { kind: 'group', title: 'Trio', member_ids: [ann.id, bob.id] })).chat.id;
    const annClient = clientFor(node.url, ann);
    const seen = [];
    annClient.on('message', (message) => seen.push(message.body));
    await annClient.connect();
    const blocked = new Promise((resolve) => annClient.on('user_blocked', resolve));
    assert.equal((await annClient.api.block(bob.id)).user_id, bob.id);
    await blocked;
    await call(node.url, 'POST', `/api/v1/chats/${chatId}/messages`, bob.token, { client_id: 'b1', body: 'from bob' });
    await call(node.url, 'POST', `/api/v1/chats/${chatId}/messages`, cid.token, { client_id: 'c1', body: 'from cid' });
    await waitFor('cid\'s message', () => seen.includes('from cid'));
    assert.deepEqual(seen, ['from cid']);
    const pages = [];
    for await (const page of annClient.api.history(chatId)) pages.push(...page.map((m) => m.body));
    assert.deepEqual(pages, ['from cid']);
    assert.deepEqual((await annClient.api.blocks()).map((b) => b.user_id), [bob.id]);
    await annClient.api.unblock(bob.id);
    assert.deepEqual(await annClient.api.blocks(), []);
    await annClient.close();
  });

  it('manages a chat: profile, own state, archived filter, delete', async () => {
    const [ann, bob] = [await newUser(node.url), await newUser(node.url)];
    const client = clientFor(node.url, ann);
    const group = await client.api.createChat({ kind: 'group', title: 'Old', member_ids: [bob.id] });
    const renamed = await client.api.updateChat(group.id, { title: 'New', description: 'About', avatarUrl: 'https://cdn.example/a.png' });
    assert.deepEqual([renamed.title, renamed.description, renamed.avatar_url], ['New', 'About', 'https://cdn.example/a.png']);
    const archived = await client.api.setChatState(group.id, { archived: true, mutedUntil: new Date(Date.now() + 60_000), markedUnread: true });
    assert.deepEqual([archived.archived, archived.muted, archived.marked_unread, archived.unread_count], [true, true, true, 1]);
    const listed = [];
    for await (const chat of client.api.chats({ archived: true })) listed.push(chat.id);
    assert.deepEqual(listed, [group.id]);
    await client.api.deleteChat(group.id);
    await assert.rejects(client.api.chat(group.id), (error) => error.code === 'not_found');
  });

  it('finds users by prefix, and pages message search with hits, filters and a cursor', async () => {
    const [ann, bob] = [await newUser(node.url), await newUser(node.url)];
    const client = clientFor(node.url, ann);
    const { users } = await client.api.searchUsers(bob.username);
    assert.deepEqual(users.map((u) => u.id), [bob.id]);
    const chat = await client.api.createChat({ kind: 'direct', member_ids: [bob.id] });
    for (const n of [1, 2, 3]) await call(node.url, 'POST', `/api/v1/chats/${chat.id}/messages`, bob.token, { client_id: `s${n}`, body: `kiwi number ${n}` });
    const first = await client.api.search('kiwi', { chatId: chat.id, senderId: bob.id, from: new Date(Date.now() - 60_000), limit: 2 });
    assert.equal(first.messages.length, 2);
    const { snippet, highlights: [range] } = first.hits[0];
    assert.equal(snippet.slice(range.start, range.end), 'kiwi');
    assert.ok(first.nextCursor);
    const all = [];
    for await (const { message, hit } of client.api.searchAll('kiwi', { chatId: chat.id, limit: 2 })) all.push([message.seq, hit.seq]);
    assert.deepEqual(all.map(([seq]) => seq).sort(), [1, 2, 3]);
    assert.ok(all.every(([seq, hitSeq]) => seq === hitSeq));
    assert.deepEqual((await client.api.search('kiwi', { senderId: ann.id })).messages, []);
  });
});
