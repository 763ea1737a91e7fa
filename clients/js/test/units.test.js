import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountAuth } from '../src/auth.js';
import { ChatStream } from '../src/chat-stream.js';
import { LocalStoragePositionStore, MemoryPositionStore, withThread } from '../src/index.js';
import { Timers } from '../src/timers.js';
import { StreamingMessages } from '../src/streaming.js';
import { SseParser } from '../src/transports/sse-parser.js';
import { UnreadCounts } from '../src/unread.js';
import { waitFor } from './support/await.js';

const message = (seq) => ({ chat_id: 7, seq, body: `m${seq}` });

describe('ChatStream', () => {
  it('emits early messages only after the gap before them is fetched, each seq once', async () => {
    const emitted = [];
    const fetchAfter = async (_chatId, after, limit) => {
      const messages = Array.from({ length: Math.min(limit, 10 - after) }, (_, i) => message(after + 1 + i));
      return { messages, has_more: after + messages.length < 10 };
    };
    const timers = new Timers();
    const gaps = [];
    const stream = new ChatStream(7, 2, { fetchAfter, timers, emit: (m) => emitted.push(m.seq), onGap: (gap) => gaps.push(gap) });
    for (const seq of [1, 2, 3, 9, 3, 10]) stream.accept(message(seq));
    await waitFor('the gap to be filled', () => stream.position === 10);
    assert.deepEqual(emitted, [3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(gaps, [{ chat_id: 7, after_seq: 3, seq: 9 }], 'the gap is reported once, as it is found');
    timers.clearAll();
  });
});

describe('StreamingMessages', () => {
  it('grows a streaming message delta by delta, ignores repeats, and refetches it after a missed delta', async () => {
    const grown = [];
    const stored = { chat_id: 7, seq: 3, state: 'streaming', body: 'Hello, wor' };
    const streaming = new StreamingMessages({ fetchMessage: async () => stored, grew: (m) => grown.push(m.body) });
    streaming.seen({ chat_id: 7, seq: 3, state: 'streaming', body: 'He' });
    for (const [offset, text] of [[2, 'llo'], [2, 'llo'], [0, 'He'], [5, ', w']]) streaming.delta({ chat_id: 7, seq: 3, offset, text });
    streaming.delta({ chat_id: 7, seq: 3, offset: 12, text: 'd!' }); // "or" was missed
    await waitFor('the refetch', () => grown.length === 3);
    streaming.delta({ chat_id: 7, seq: 3, offset: 10, text: 'ld!' });
    assert.deepEqual(grown, ['Hello', 'Hello, w', 'Hello, wor', 'Hello, world!']);
    streaming.seen({ chat_id: 7, seq: 3, state: 'complete', body: 'Hello, world!' });
    streaming.delta({ chat_id: 7, seq: 3, offset: 13, text: '?' });
    await waitFor('a refetch for the unknown message', () => grown.length === 5);
  });
});

describe('UnreadCounts', () => {
  it('counts a message emitted while the server counts once, whether or not the server had counted it', async () => {
    let answer;
    const chats = { chats: async function* () { yield* await new Promise((resolve) => (answer = resolve)); } };
    const snapshots = [];
    const timers = new Timers();
    const unread = new UnreadCounts({ api: chats, timers, userId: () => 1, onChange: (s) => snapshots.push(s) });
    const recounted = unread.recount();
    unread.messageEmitted({ chat_id: 7, seq: 4, sender_id: 2 }); // counted by the server below
    unread.messageEmitted({ chat_id: 7, seq: 5, sender_id: 2 }); // stored after the server counted
    await waitFor('the request', () => answer);
    answer([{ id: 7, unread_count: 2, last_seq: 4, members: [{ user_id: 1, last_read_seq: 2 }] }]);
    await recounted;
    assert.deepEqual(unread.snapshot(), { total: 3, chats: { 7: 3 } });
    unread.readMoved({ chat_id: 7, seq: 5, read_by: 1 });
    assert.deepEqual(unread.snapshot(), { total: 0, chats: {} });
    timers.clearAll();
  });
});

function fakeLocalStorage() {
  const items = new Map();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, String(value)) };
}

for (const [name, create] of [
  ['MemoryPositionStore', () => new MemoryPositionStore()],
  ['LocalStoragePositionStore', () => new LocalStoragePositionStore('k', fakeLocalStorage())],
]) {
  describe(`${name} (the position store contract)`, () => {
    it('loads nothing before the first save', async () => {
      assert.deepEqual((await create().load()) ?? {}, {});
    });

    it('loads what was saved last, as a copy', async () => {
      const store = create();
      const state = { positions: { 7: 41, 12: 0 }, outbox: [] };
      await store.save(state);
      state.positions[7] = 99;
      const latest = { positions: { 7: 42, 12: 3, notifications: 2 }, outbox: [{ chat_id: 7, content: { client_id: 'c1', body: 'hi' } }] };
      await store.save(latest);
      assert.deepEqual(await store.load(), latest);
    });
  });
}

describe('withThread', () => {
  const summary = (count, seq) => ({ reply_count: count, last_reply_at: `2026-12-06T10:00:0${count}Z`, last_reply_seq: seq });
  const event = (rootSeq, count, seq) => ({ type: 'thread_updated', chat_id: 1, seq, root_seq: rootSeq, thread: summary(count, seq), change: seq });
  const root = { seq: 4, body: 'root', thread: null };

  it('sets the summary of its root, and a later one replaces it', () => {
    const once = withThread(root, event(4, 1, 5));
    assert.deepEqual(once.thread, summary(1, 5));
    assert.deepEqual(withThread(once, event(4, 2, 7)).thread, summary(2, 7));
    assert.equal(root.thread, null, 'the message given is left as it was');
  });

  it('never moves a summary back, and leaves other messages alone', () => {
    const current = { ...root, thread: summary(3, 9) };
    assert.equal(withThread(current, event(4, 2, 7)), current, 'an older reply\'s summary, replayed after the root was re-read');
    assert.equal(withThread(current, event(8, 5, 12)), current, 'another root\'s');
  });
});

describe('AccountAuth', () => {
  it('serializes refreshes: many refused requests at once present the refresh token once', async () => {
    const presented = [];
    let issued = 0;
    const session = () => ({ user: { id: 1 }, access_token: `a${issued}`, refresh_token: `r${issued++}`, expires_in: 900 });
    const fetch = async (url, init) => {
      if (String(url).endsWith('/refresh')) presented.push(JSON.parse(init.body).refresh_token);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return new Response(JSON.stringify(session()), { status: 200 });
    };
    const timers = new Timers();
    const auth = new AccountAuth({ baseUrl: 'http://x', fetch, timers, onSession: () => {}, onLost: assert.fail });
    await auth.login({ username: 'a', password: 'b' });
    const stale = await auth.accessToken();
    const retried = await Promise.all(Array.from({ length: 5 }, () => auth.tokenRejected(stale)));
    assert.deepEqual(retried, [true, true, true, true, true]);
    assert.deepEqual(presented, ['r0']);
    assert.equal(await auth.accessToken(), 'a1');
    assert.equal(await auth.tokenRejected(stale), true, 'a token already replaced needs no new refresh');
    assert.deepEqual(presented, ['r0']);
    timers.clearAll();
  });

  it('ends the session when a refresh answer is lost, instead of presenting the token again', async () => {
    const fetch = async (url) => {
      if (String(url).endsWith('/refresh')) throw new TypeError('connection reset');
      return new Response(JSON.stringify({ user: { id: 1 }, access_token: 'a', refresh_token: 'r', expires_in: 900 }));
    };
    const lost = [];
    const timers = new Timers();
    const auth = new AccountAuth({ baseUrl: 'http://x', fetch, timers, onSession: () => {}, onLost: (error) => lost.push(error.code) });
    await auth.login({ username: 'a', password: 'b' });
    assert.equal(await auth.tokenRejected('a'), false);
    assert.deepEqual(lost, ['network_error']);
    assert.equal(auth.session, null);
    timers.clearAll();
  });
});

describe('SseParser', () => {
  it('joins data lines, keeps ids, ignores comments, across chunk boundaries', () => {
    const events = [];
    const parser = new SseParser((event) => events.push(event));
    const text = ': keep-alive\n\nevent: new_message\nid: c1\ndata: {"a":\ndata: 1}\n\nevent: typing\r\ndata: {}\r\n\r\n';
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += 7) parser.push(bytes.slice(i, i + 7));
    assert.deepEqual(events, [
      { event: 'new_message', id: 'c1', data: '{"a":\n1}' },
      { event: 'typing', id: null, data: '{}' },
    ]);
  });
});
