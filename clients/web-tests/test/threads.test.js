import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call } from '../../js/test/support/scenario.js';
import { eventually } from './support/chat-page.js';
import { aliceAndBob } from './support/people.js';
import { nodeAndBrowser } from './support/suite.js';

const PHONE = { width: 375, height: 700 };
const LONG = 'A thread with many replies';
const LONG_REPLIES = 70; // more than one page of the thread's history (50)
const ROOT = 'Dinner on Friday?';
const WALRUS = 'The first reply mentions a walrus'; // the long thread's oldest reply, a page before its newest
let people;
let long;
const suite = nodeAndBrowser('threads', async ({ node }) => {
  people = await aliceAndBob(node.url);
  long = await seedLongThread();
  await send(people.alice, { client_id: 'root', body: ROOT });
});

function send(user, body) {
  return call(suite.node.url, 'POST', `/api/v1/chats/${people.chatId}/messages`, user.token, body);
}

/** A root and its replies from Bob, kept in the thread: `{rootSeq, replySeqs}`. */
async function seedLongThread() {
  const { message: root } = await send(people.bob, { client_id: 'long', body: LONG });
  const replySeqs = [];
  for (let start = 0; start < LONG_REPLIES; start += 25) {
    const batch = Array.from({ length: Math.min(25, LONG_REPLIES - start) }, (_, i) =>
      send(people.bob, { client_id: `long-${start + i}`, body: start + i ? `reply ${start + i}` : WALRUS, thread_root_seq: root.seq }));
    for (const { message } of await Promise.all(batch)) replySeqs.push(message.seq);
  }
  return { rootSeq: root.seq, replySeqs: replySeqs.sort((a, b) => a - b) };
}

async function openThreadOf(person, body) {
  await person.act(body, 'Reply in thread');
  await person.thread().getByLabel('Thread reply', { exact: true }).waitFor();
}

test('a reply in a thread from the other person\'s page shows in the open thread once, in order, and moves the root\'s reply count on both pages', async () => {
  const alice = await suite.browser.person('Alice', `${suite.node.url}/`);
  await alice.signIn(people.alice);
  await alice.openChat('Bob');
  const bob = await suite.browser.person('Bob', `${suite.node.url}/`);
  await bob.signIn(people.bob);
  await bob.openChat('Alice');
  await openThreadOf(alice, ROOT);
  await openThreadOf(bob, ROOT);
  assert.deepEqual(await alice.threadBodies(), [ROOT]);

  await bob.replyInThread('Yes, at 7');
  await eventually('the reply in Alice\'s thread view', () => alice.threadBodies(), [ROOT, 'Yes, at 7']);
  await bob.replyInThread('Or at 8?');
  await eventually('both replies, once each, in order, on both pages', async () => [await alice.threadBodies(), await bob.threadBodies()],
    [[ROOT, 'Yes, at 7', 'Or at 8?'], [ROOT, 'Yes, at 7', 'Or at 8?']]);
  await eventually('the root\'s count on both pages', async () => [await alice.replyCount(ROOT), await bob.replyCount(ROOT)], ['2 replies', '2 replies']);
  assert.equal(await alice.thread().locator('.thread-count').textContent(), '2 replies', 'the root in the thread view counts too');
  for (const person of [alice, bob]) assert.deepEqual((await person.bodies()).filter((body) => body.includes('at ')), [], `${person.name}'s chat keeps the thread's replies out`);
  await suite.browser.shot('thread-open-on-both');

  const lastReply = Math.max(...await alice.threadSeqs());
  await eventually('Alice\'s read position in the thread at the last reply', async () => {
    const { threads } = await call(suite.node.url, 'GET', '/api/v1/threads', people.alice.token);
    return threads.filter(({ root }) => root.body === ROOT).map(({ read_seq: readSeq, unread }) => ({ readSeq, unread }));
  }, [{ readSeq: lastReply, unread: 0 }]);
  suite.browser.assertNoErrors();
});

test('a reply sent with "Also send to chat" shows in the chat too, with an "in thread" link; one without it does not', async () => {
  const [alice, bob] = suite.browser.pages;
  await alice.replyInThread('Kept in the thread');
  await alice.replyInThread('Shown in the chat as well', { alsoToChat: true });
  const thread = [ROOT, 'Yes, at 7', 'Or at 8?', 'Kept in the thread', 'Shown in the chat as well'];
  await eventually('both in both thread views', async () => [await alice.threadBodies(), await bob.threadBodies()], [thread, thread]);
  await eventually('the shown one last in both chats', async () => [(await alice.bodies()).at(-1), (await bob.bodies()).at(-1)],
    ['Shown in the chat as well', 'Shown in the chat as well']);
  for (const person of [alice, bob]) {
    assert.equal((await person.bodies()).includes('Kept in the thread'), false, `${person.name}'s chat leaves the kept reply out`);
    assert.equal(await person.message('Shown in the chat as well').getByRole('button', { name: 'In a thread: open it' }).textContent(), 'in thread');
  }
  await eventually('the count', () => bob.replyCount(ROOT), '4 replies');
  assert.equal(await alice.thread().getByLabel('Also send to chat').isChecked(), false, 'the box is cleared after a send');
  await suite.browser.shot('also-sent-to-chat');

  await bob.page.keyboard.press('Escape');
  await eventually('Bob\'s thread view closed by Escape', () => bob.thread().count(), 0);
  await bob.message('Shown in the chat as well').getByRole('button', { name: 'In a thread: open it' }).click();
  await eventually('the "in thread" link opens the root\'s thread', () => bob.threadBodies(), thread);
  suite.browser.assertNoErrors();
});

test('a thread longer than a page pages back as the reader scrolls up, each reply once, in seq order', async () => {
  const [alice] = suite.browser.pages;
  await eventually('the long thread\'s count', () => alice.replyCount(LONG), `${LONG_REPLIES} replies`);
  const pages = [];
  const threadPages = (request) => request.url().includes(`/threads/${long.rootSeq}/messages`) && pages.push(new URL(request.url()).searchParams.get('before_seq'));
  alice.page.on('request', threadPages);
  await openThreadOf(alice, LONG);
  await eventually('the newest page', async () => (await alice.threadSeqs()).at(-1), long.replySeqs.at(-1));
  await eventually('every reply, after scrolling to the top', async () => {
    await alice.thread().locator('.scroller').evaluate((scroller) => (scroller.scrollTop = 0));
    return alice.threadSeqs();
  }, [long.rootSeq, ...long.replySeqs]);
  await eventually('the start said once the page before answers none', () => alice.thread().locator('.history-status').textContent(), 'This is the start of the thread.');
  alice.page.off('request', threadPages);
  assert.deepEqual(pages.slice(0, 2), [null, String(long.replySeqs.at(-50))], 'the newest 50, then the page before them');
  await suite.browser.shot('long-thread');
  suite.browser.assertNoErrors();
});

test('Escape closes the thread view and gives focus back to the root\'s summary', async () => {
  const [alice] = suite.browser.pages;
  await openThreadOf(alice, ROOT);
  await alice.thread().getByLabel('Thread reply', { exact: true }).focus();
  await alice.page.keyboard.press('Escape');
  await eventually('the view closed', () => alice.thread().count(), 0);
  assert.equal(await alice.page.evaluate(() => document.activeElement?.classList.contains('thread-summary')), true);
  assert.equal(await alice.page.locator('.chat-pane').isVisible(), true);
  suite.browser.assertNoErrors();
});

test('at phone width the thread fills the screen and its Back button returns to the chat', async () => {
  const bob = await suite.browser.person('Bob on a phone', `${suite.node.url}/`, PHONE);
  await bob.signIn(people.bob);
  await bob.openChat('Alice');
  await bob.message(ROOT).getByRole('button', { name: /^4 replies/ }).click();
  await eventually('the thread alone on screen', async () => [await bob.thread().isVisible(), await bob.page.locator('.chat-pane').isVisible()], [true, false]);
  assert.equal(await bob.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing to scroll sideways');
  const box = await bob.thread().getByLabel('Thread reply', { exact: true }).boundingBox();
  assert.ok(box.y + box.height <= PHONE.height && box.x >= 0 && box.x + box.width <= PHONE.width, `the thread's composer on screen: ${JSON.stringify(box)}`);
  await suite.browser.shot('phone-thread');
  await bob.page.getByRole('button', { name: 'Back to the chat' }).click();
  await eventually('the chat again', async () => [await bob.thread().count(), await bob.page.locator('.chat-pane').isVisible()], [0, true]);
  suite.browser.assertNoErrors();
});

test('a search result that is a reply kept in its thread opens that thread, paged back to the reply and marked', async () => {
  const [alice] = suite.browser.pages;
  await alice.search('walrus');
  await eventually('the one result', async () => (await alice.searchResults()).map(({ snippet }) => snippet), [WALRUS]);
  await alice.page.locator('.search-results .search-result').click();
  const found = alice.thread().locator('li.message.found .body');
  await eventually('the reply marked in its thread', async () => (await found.count()) && found.textContent(), WALRUS);
  assert.equal(await alice.thread().getAttribute('data-root-seq'), String(long.rootSeq));
  await suite.browser.shot('found-in-thread');
  suite.browser.assertNoErrors();
});
