import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { VestnikClient } from '../../src/index.js';

let names = 0;

/** Registers a fresh user on `url`: `{id, token}`. */
export async function newUser(url) {
  const username = `u${process.pid}x${Date.now().toString(36)}x${++names}`;
  const answer = await call(url, 'POST', '/api/v1/auth/register', null, { username, password: 'password-123' });
  return { id: answer.user.id, token: answer.access_token, username };
}

/** Two fresh users and their direct chat: `{alice, bob, chatId}`. */
export async function twoUsersChatting(url) {
  const [alice, bob] = [await newUser(url), await newUser(url)];
  return { alice, bob, chatId: await directChat(url, alice, bob) };
}

export async function directChat(url, owner, other) {
  return (await call(url, 'POST', '/api/v1/chats', owner.token, { kind: 'direct', member_ids: [other.id] })).chat.id;
}

/** Sends `count` messages as `user` over HTTP, a few requests at a time; answers their seqs. */
export async function sendMany(url, user, chatId, count, prefix = 'm') {
  const seqs = [];
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, i) =>
      call(url, 'POST', `/api/v1/chats/${chatId}/messages`, user.token, { client_id: `${prefix}-${start + i}`, body: `${prefix} ${start + i}` }),
    );
    for (const answer of await Promise.all(batch)) seqs.push(answer.message.seq);
  }
  return seqs;
}

export async function history(url, user, chatId) {
  const messages = [];
  for (let after = 0; ; ) {
    const page = await call(url, 'GET', `/api/v1/chats/${chatId}/messages?after_seq=${after}&limit=500`, user.token);
    messages.push(...page.messages);
    if (!page.has_more) return messages;
    after = page.messages.at(-1).seq;
  }
}

export async function call(url, method, path, token, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url + path, { method, headers, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** A client signed in as `user` (through a host-style token callback: its access token). */
export function clientFor(url, user, options = {}) {
  return new VestnikClient({ baseUrl: url, getToken: async () => user.token, WebSocket, timing: { backoffCapMs: 1000, ...options.timing }, ...options });
}

/** Records what a client emits, per chat, and checks the delivery promise on it. */
export class StreamRecorder {
  seqs = new Map();
  transports = new Set();
  /** Gaps the SDK had to fill: a server that keeps its promise leaves none on a resumed connection. */
  gaps = [];

  constructor(client) {
    client.on('gap', (gap) => this.gaps.push(gap));
    client.on('message', (message) => {
      if (!this.seqs.has(message.chat_id)) this.seqs.set(message.chat_id, []);
      this.seqs.get(message.chat_id).push(message.seq);
    });
    client.on('state', ({ status, transport }) => status === 'live' && this.transports.add(transport));
  }

  last(chatId) {
    return this.seqs.get(chatId)?.at(-1) ?? 0;
  }

  /**
   * Every seq from `from` to `to` emitted exactly once, in order, and nothing else; and, unless
   * the scenario makes one on purpose, no gap the server left for the SDK to fill.
   */
  assertExactly(chatId, from, to, { gapsExpected = false } = {}) {
    const expected = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    assert.deepEqual(this.seqs.get(chatId) ?? [], expected, `chat ${chatId}: emitted seqs must be ${from}..${to} once each, in order`);
    if (!gapsExpected) assert.deepEqual(this.gaps, [], 'the server delivered every message in order, with no gap to fill');
  }
}
