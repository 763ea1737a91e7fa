import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './support/await.js';
import { NodeProcess } from './support/node-process.js';
import { StreamRecorder, clientFor, history, sendMany, twoUsersChatting } from './support/scenario.js';

describe('a node killed with SIGKILL and restarted on the same data directory', { timeout: 180_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start();
  });
  after(() => node?.close());

  it('the client reconnects and emits every message once, in order, missed ones included', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    const client = clientFor(node.url, bob);
    const seen = new StreamRecorder(client);
    client.track(chatId, 0);
    await client.connect();
    await sendMany(node.url, alice, chatId, 20, 'before');
    await waitFor('the first 20 messages', () => seen.last(chatId) === 20);

    await node.kill();
    await waitFor('the client to notice', () => client.state.status !== 'live');
    await node.restart();
    await sendMany(node.url, alice, chatId, 30, 'after');
    await waitFor('all 50 messages', () => seen.last(chatId) === 50);
    assert.equal(client.state.transport, 'websocket');
    seen.assertExactly(chatId, 1, 50);
    await client.close();
  });

  it('messages sent while the node is down are acknowledged once each and stored once', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    const client = clientFor(node.url, alice);
    const seen = new StreamRecorder(client);
    client.track(chatId, 0);
    await client.connect();
    const early = Array.from({ length: 10 }, (_, i) => client.send(chatId, `early ${i}`));
    await node.kill();
    const during = Array.from({ length: 10 }, (_, i) => client.send(chatId, `during ${i}`));
    await node.restart();
    const stored = await Promise.all([...early, ...during].map((pending) => pending.stored));

    assert.deepEqual(stored.map((message) => message.body), [...early, ...during].map((pending) => pending.body));
    const messages = await history(node.url, alice, chatId);
    assert.equal(messages.length, 20, 'each client_id stored once');
    assert.equal(new Set(messages.map((message) => message.client_id)).size, 20);
    await waitFor('the client to emit all 20', () => seen.last(chatId) === 20);
    seen.assertExactly(chatId, 1, 20);
    await client.close();
  });
});
