import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChangeNumbers } from '../src/change-numbers.js';
import { MemoryPositionStore, withReaction } from '../src/index.js';
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

describe('ChangeNumbers', () => {
  it('takes each chat\'s changes once, whatever comes again, and lets other frames through', () => {
    const numbers = new ChangeNumbers();
    numbers.restore({ 7: 2 });
    assert.equal(numbers.accept({ type: 'reaction', chat_id: 7, change: 2 }), false, 'seen before the reload');
    assert.equal(numbers.accept({ type: 'reaction', chat_id: 7, change: 3 }), true);
    assert.equal(numbers.accept({ type: 'message_deleted', chat_id: 7, change: 3 }), false, 'the same change again');
    assert.equal(numbers.accept({ type: 'message_pinned', chat_id: 8, change: 1 }), true);
    assert.equal(numbers.accept({ type: 'typing', chat_id: 7 }), true);
    assert.deepEqual(numbers.positions(), { 7: 3, 8: 1 });
    numbers.forget(8);
    assert.deepEqual(numbers.positions(), { 7: 3 });
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

  it('a client that was away gets every change it missed once, in change order, from the numbers in its store', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    const aliceClient = clientFor(node.url, alice);
    const store = new MemoryPositionStore();
    const open = async () => {
      const client = clientFor(node.url, bob, { store });
      const changes = [];
      for (const type of ['reaction', 'message_updated', 'message_deleted', 'message_pinned']) {
        client.on(type, (event) => changes.push(`${type} ${event.change}`));
      }
      await client.connect();
      return { client, changes };
    };
    await aliceClient.connect();
    const { seq } = await aliceClient.send(chatId, 'lunch?').stored;
    const first = await open();
    await aliceClient.api.react(chatId, seq, '🍕');
    await waitFor('the first change', () => first.changes.length === 1);
    await first.client.close();
    assert.equal((await store.load()).changes[chatId], 1);

    await aliceClient.api.react(chatId, seq, '🍣');
    await aliceClient.api.pin(chatId, seq);
    const second = await open();
    await aliceClient.api.unreact(chatId, seq, '🍕');
    await waitFor('the missed and the live changes', () => second.changes.length === 3);
    assert.deepEqual(second.changes, ['reaction 2', 'message_pinned 3', 'reaction 4']);
    await Promise.all([aliceClient.close(), second.client.close()]);
  });
});
