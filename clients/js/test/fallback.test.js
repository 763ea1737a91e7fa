import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryPositionStore } from '../src/index.js';
import { waitFor } from './support/await.js';
import { NodeProcess } from './support/node-process.js';
import { RefusingProxy } from './support/proxy.js';
import { StreamRecorder, clientFor, sendMany, twoUsersChatting } from './support/scenario.js';

describe('when the network refuses WebSocket', { timeout: 180_000 }, () => {
  let node;
  let proxy;
  before(async () => {
    node = await NodeProcess.start();
    proxy = await RefusingProxy.start(node.port);
  });
  after(async () => {
    await proxy?.close();
    await node?.close();
  });

  it('the client falls back to SSE, then long poll, then climbs back to WebSocket, with no gap or duplicate', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    proxy.allowWebSocket = false;
    const client = clientFor(proxy.url, bob, { timing: { probeMs: 400, backoffCapMs: 200 } });
    const seen = new StreamRecorder(client);
    client.track(chatId, 0);
    await client.connect();
    assert.equal(client.state.transport, 'sse');
    await sendMany(node.url, alice, chatId, 10, 'sse');
    const mine = client.send(chatId, 'over HTTP while on SSE');
    assert.equal((await mine.stored).seq, 11);
    await waitFor('11 messages over SSE', () => seen.last(chatId) === 11);

    proxy.allowSse = false;
    proxy.dropAll();
    await waitFor('long polling', () => client.state.transport === 'poll');
    await sendMany(node.url, alice, chatId, 10, 'poll');
    await waitFor('21 messages', () => seen.last(chatId) === 21);

    proxy.allowWebSocket = proxy.allowSse = true;
    await waitFor('the climb back to WebSocket', () => client.state.transport === 'websocket');
    await sendMany(node.url, alice, chatId, 10, 'ws');
    await waitFor('31 messages', () => seen.last(chatId) === 31);
    seen.assertExactly(chatId, 1, 31);
    assert.deepEqual([...seen.transports], ['sse', 'poll', 'websocket']);
    await client.close();
  });

  it('a 5,000-message gap is filled from history before later messages are emitted', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    const store = new MemoryPositionStore();
    store.save({ positions: { [chatId]: 0 } });
    await sendMany(node.url, alice, chatId, 5_000, 'gap');
    proxy.allowWebSocket = false; // SSE starts live: the 5,000 stored ones are the SDK's to fetch
    const client = clientFor(proxy.url, bob, { store });
    const seen = new StreamRecorder(client);
    await client.connect();
    await sendMany(node.url, alice, chatId, 5, 'live');
    await waitFor('5,005 messages', () => seen.last(chatId) === 5_005, 60_000);
    seen.assertExactly(chatId, 1, 5_005, { gapsExpected: true });
    await client.close();
    assert.deepEqual(store.load().positions, { [chatId]: 5_005, notifications: 0 }, 'the store holds the position for the next start');
    proxy.allowWebSocket = true;
  });
});
