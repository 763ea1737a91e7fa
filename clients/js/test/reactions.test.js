import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withReaction } from '../src/index.js';
import { waitFor } from './support/await.js';
import { NodeProcess } from './support/node-process.js';
import { clientFor, twoUsersChatting } from './support/scenario.js';

describe('withReaction', () => {
  const message = { chat_id: 7, seq: 3, reactions: [{ emoji: '👍', count: 1, mine: true }] };
  const event = (userId, emoji, added, reactions) => ({ type: 'reaction', chat_id: 7, seq: 3, user_id: userId, emoji, added, reactions });

  it('takes the counts from the event and keeps mine from before for others\' reactions', () => {
    const next = withReaction(message, event(2, '🎉', true, [{ emoji: '👍', count: 2 }, { emoji: '🎉', count: 1 }]), 1);
    assert.deepEqual(next.reactions, [{ emoji: '👍', count: 2, mine: true }, { emoji: '🎉', count: 1, mine: false }]);
  });

  it('sets mine from the user\'s own reaction, added or removed', () => {
    const removed = withReaction(message, event(1, '👍', false, []), 1);
    assert.deepEqual(removed.reactions, []);
    const added = withReaction({ ...message, reactions: [] }, event(1, '❤️', true, [{ emoji: '❤️', count: 1 }]), 1);
    assert.deepEqual(added.reactions, [{ emoji: '❤️', count: 1, mine: true }]);
  });
});

describe('reactions against a server', { timeout: 120_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start();
  });
  after(() => node?.close());

  it('react and unreact answer the reactions as the user sees them; the other member gets each change once', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    const aliceClient = clientFor(node.url, alice);
    const bobClient = clientFor(node.url, bob);
    const events = [];
    bobClient.on('reaction', (event) => events.push(event));
    await Promise.all([aliceClient.connect(), bobClient.connect()]);
    const { seq } = await aliceClient.send(chatId, 'pizza?').stored;

    assert.deepEqual(await aliceClient.api.react(chatId, seq, '🍕'), [{ emoji: '🍕', count: 1, mine: true }]);
    assert.deepEqual(await aliceClient.api.react(chatId, seq, '🍕'), [{ emoji: '🍕', count: 1, mine: true }], 'a repeat changes nothing');
    assert.deepEqual(await aliceClient.api.unreact(chatId, seq, '🍕'), []);
    await waitFor('the add and the removal', () => events.length === 2);
    assert.deepEqual(events.map(({ user_id: userId, emoji, added }) => ({ userId, emoji, added })),
      [{ userId: alice.id, emoji: '🍕', added: true }, { userId: alice.id, emoji: '🍕', added: false }]);
    const [page] = await (async () => { for await (const p of bobClient.api.history(chatId)) return [p]; })();
    assert.deepEqual(page.at(-1).reactions, []);
    await Promise.all([aliceClient.close(), bobClient.close()]);
  });
});
