import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './support/await.js';
import { PrivateRedis, ScratchDatabase } from './support/backing-services.js';
import { NodeProcess } from './support/node-process.js';
import { RefusingProxy } from './support/proxy.js';
import { StreamRecorder, clientFor, sendMany, twoUsersChatting } from './support/scenario.js';

describe('two nodes on PostgreSQL and Redis', { timeout: 240_000 }, () => {
  let database;
  let redis;
  let nodes = [];
  let proxy;
  before(async () => {
    database = new ScratchDatabase();
    redis = await PrivateRedis.start();
    const settings = { VESTNIK_DATABASE_URL: database.url, VESTNIK_REDIS_URL: redis.url, VESTNIK_JWT_SECRET: 'sdk-cluster-test-secret-0123456789abcdef' };
    nodes = [await NodeProcess.start(settings), await NodeProcess.start(settings)];
    proxy = await RefusingProxy.start(nodes[0].port);
  });
  after(async () => {
    await proxy?.close();
    for (const node of nodes) await node.close();
    await redis?.stop();
    database?.drop();
  });

  it('a client moved from one node to the other keeps every message once, in order', async () => {
    const [first, second] = nodes;
    const { alice, bob, chatId } = await twoUsersChatting(first.url);
    const client = clientFor(proxy.url, bob);
    const seen = new StreamRecorder(client);
    const servers = new Set();
    client.on('connected', (frame) => servers.add(frame.server_id));
    client.track(chatId, 0);
    await client.connect();
    await sendMany(second.url, alice, chatId, 15, 'to-first'); // sent on the other node: crosses Redis
    await waitFor('15 messages through the first node', () => seen.last(chatId) === 15);

    proxy.targetPort = second.port;
    proxy.dropAll();
    await sendMany(first.url, alice, chatId, 15, 'while-moving');
    const reply = client.send(chatId, 'sent while moving');
    await waitFor('the client on the second node', () => client.state.status === 'live');
    await sendMany(first.url, alice, chatId, 15, 'to-second');
    await reply.stored;
    await waitFor('46 messages', () => seen.last(chatId) === 46);
    seen.assertExactly(chatId, 1, 46);
    assert.equal(client.state.transport, 'websocket');
    assert.equal(servers.size, 2, 'the client was served by both nodes');
    await client.close();
  });
});
