import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { VestnikClient } from '../src/index.js';
import { waitFor } from './support/await.js';
import { HOST_SETTINGS, hostToken, hostUser, serviceKey } from './support/host.js';
import { NodeProcess } from './support/node-process.js';
import { call } from './support/scenario.js';

describe('a streamed reply (issue #11)', { timeout: 60_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start(HOST_SETTINGS);
  });
  after(() => node?.close());

  it('grows delta by delta on the client (message_streaming), then completes with message_updated', async () => {
    const key = await serviceKey(node.url, ['users', 'chats', 'messages']);
    const suffix = `${process.pid}x${Date.now().toString(36)}`;
    const [reader, bot] = [await hostUser(node.url, key, `r${suffix}`), await hostUser(node.url, key, `b${suffix}`)];
    const { chat } = await call(node.url, 'POST', '/api/v1/server/chats', key, { kind: 'direct', member_external_ids: [reader.externalId, bot.externalId] });
    const client = new VestnikClient({ baseUrl: node.url, getToken: () => hostToken(reader.externalId), WebSocket });
    const bodies = [];
    let completed = null;
    client.on('message_streaming', ({ message }) => bodies.push(message.body));
    client.on('message_updated', ({ message }) => (completed = message));
    client.track(chat.id, 0);
    await client.connect();

    const api = `/api/v1/server/chats/${chat.id}/messages`;
    const { message } = await call(node.url, 'POST', api, key, { sender_external_id: bot.externalId, client_id: 's1', body: '', streaming: true });
    let offset = 0;
    for (const text of ['Hel', 'lo, ', 'world']) {
      await call(node.url, 'POST', `${api}/${message.seq}/deltas`, key, { offset, text });
      offset += text.length;
      await waitFor(`"${text}" applied`, () => bodies.at(-1)?.length === offset);
    }
    await call(node.url, 'POST', `${api}/${message.seq}/finish`, key, {});
    await waitFor('the finished message', () => completed?.state === 'complete');
    assert.deepEqual(bodies, ['Hel', 'Hello, ', 'Hello, world']);
    assert.equal(completed.body, 'Hello, world');
    await client.close();
  });
});
