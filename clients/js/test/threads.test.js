import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './support/await.js';
import { NodeProcess } from './support/node-process.js';
import { clientFor, twoUsersChatting } from './support/scenario.js';

describe('threads against a server', { timeout: 120_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start();
  });
  after(() => node?.close());

  it('a reply sent with threadRootSeq reaches the other member with the root summary and leaves the chat unread alone', async () => {
    const { alice, bob, chatId } = await twoUsersChatting(node.url);
    const aliceClient = clientFor(node.url, alice);
    const bobClient = clientFor(node.url, bob);
    const messages = [];
    const updates = [];
    aliceClient.on('message', (message) => messages.push(message));
    aliceClient.on('thread_updated', (event) => updates.push(event));
    await Promise.all([aliceClient.connect(), bobClient.connect()]);
    const root = await aliceClient.send(chatId, 'trip on Friday?').stored;

    const reply = await bobClient.send(chatId, { body: 'yes', threadRootSeq: root.seq }).stored;
    const shown = await bobClient.send(chatId, { body: 'see you', threadRootSeq: root.seq, shownInChat: true }).stored;
    assert.equal(reply.thread_root_seq, root.seq);
    assert.equal(reply.shown_in_chat, false);
    assert.equal(shown.shown_in_chat, true);
    await waitFor('both replies and both summaries', () => messages.length === 3 && updates.length === 2);
    assert.deepEqual(messages.map((m) => m.thread_root_seq), [null, root.seq, root.seq]);
    assert.deepEqual(updates.at(-1).thread.reply_count, 2);
    await waitFor('the chat counts the reply shown in it only', () => aliceClient.unread.total === 1);

    const pages = [];
    for await (const replies of aliceClient.api.threadHistory(chatId, root.seq, { pageSize: 1 })) pages.push(replies.map((m) => m.body));
    assert.deepEqual(pages, [['see you'], ['yes']]);
    const page = await aliceClient.api.threadPage(chatId, root.seq, { afterSeq: 0 });
    assert.equal(page.root.thread.last_reply_seq, shown.seq);
    const [followed] = await aliceClient.api.threads({ unreadOnly: true });
    assert.equal(followed.unread, 2);
    assert.deepEqual(await aliceClient.api.markThreadRead(chatId, root.seq, shown.seq), { read_seq: shown.seq, unread: 0 });
    assert.deepEqual(await aliceClient.api.threads({ unreadOnly: true }), []);
    const [chatPage] = await (async () => { for await (const p of aliceClient.api.history(chatId)) return [p]; })();
    assert.deepEqual(chatPage.map((m) => m.body), ['trip on Friday?', 'see you']);
    await Promise.all([aliceClient.close(), bobClient.close()]);
  });
});
