import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { call, directChat, sendMany } from '../../js/test/support/scenario.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';
import { account, aliceAndBob } from './support/people.js';

const OLD = 'The zebra crossing is on Elm street';
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'"> zebra stripes <b>bold</b>';
let node;
let browser;
let people;

before(async () => {
  node = await NodeProcess.start();
  browser = await Browser.launch('search');
  people = await aliceAndBob(node.url);
  const carol = await account(node.url, 'Carol');
  const carolChat = await directChat(node.url, carol, people.alice);
  await call(node.url, 'POST', `/api/v1/chats/${carolChat}/messages`, carol.token, { client_id: 'old', body: OLD });
  await sendMany(node.url, carol, carolChat, 150); // three history pages above it
  await call(node.url, 'POST', `/api/v1/chats/${people.chatId}/messages`, people.bob.token, { client_id: 'hostile', body: HOSTILE });
});

after(async () => {
  await browser?.close();
  await node?.close();
});

test('search finds a message in another chat; its result opens that chat paged back to the message, scrolled to and marked', async () => {
  const alice = await browser.person('Alice', `${node.url}/`);
  await alice.signIn(people.alice);
  await alice.openChat('Bob');
  await alice.search('zebra');
  await eventually('both results', async () => (await alice.searchResults()).map(({ chat }) => chat).sort(), ['Bob', 'Carol']);
  const old = (await alice.searchResults()).find(({ chat }) => chat === 'Carol');
  assert.deepEqual(old, { chat: 'Carol', sender: 'Carol', snippet: OLD, marked: ['zebra'] });
  await browser.shot('results');

  await alice.page.getByRole('button', { name: `Carol, Carol: ${OLD}` }).click();
  const found = alice.page.locator('.chat-pane li.message.found');
  await eventually('the old message marked in Carol\'s chat', async () => (await found.count()) && found.locator('.body').textContent(), OLD);
  assert.equal(await alice.page.locator('.chat-pane h2').textContent(), 'Carol');
  assert.ok((await alice.seqs()).length > 100, 'history paged in past the first page');
  assert.ok(await inView(found), 'the found message is scrolled into view');
  await browser.shot('opened-at-the-result');
  browser.assertNoErrors();
});

test('a body with markup is shown as its text in the results, never as HTML', async () => {
  const alice = browser.pages[0];
  await alice.search('stripes');
  await eventually('the result', async () => (await alice.searchResults()).map(({ snippet, marked }) => ({ snippet, marked })),
    [{ snippet: HOSTILE, marked: ['stripes'] }]);
  assert.equal(await alice.page.locator('.search-results img, .search-results b').count(), 0, 'no element from the body');
  assert.notEqual(await alice.page.title(), 'pwned');
  browser.assertNoErrors();
});

test('an empty query, no results, too many searches and a lost network are said plainly; Escape closes the results', async () => {
  const alice = browser.pages[0];
  await alice.search('   ');
  await eventually('the empty query', () => alice.searchStatus(), 'Type a word to search your messages for.');
  await alice.search('quagga');
  await eventually('no results', () => alice.searchStatus(), 'No messages match “quagga”.');

  const search = /\/api\/v1\/search\/messages\?/;
  await alice.page.route(search, (route) => route.fulfill({ status: 429, contentType: 'application/json',
    body: JSON.stringify({ error: 'rate_limited', message: 'Too many requests', retry_after: 7 }) }));
  await alice.search('zebra');
  await eventually('the rate limit', () => alice.searchStatus(), 'Too many searches just now. Try again in 7 s.Try again');
  await alice.page.unroute(search);
  await alice.page.route(search, (route) => route.abort('internetdisconnected'));
  await alice.page.getByRole('button', { name: 'Try again' }).click();
  await eventually('the network failure', () => alice.searchStatus(), 'Search failed: the server cannot be reached. Check the connection and try again.Try again');
  await browser.shot('network-failure');
  await alice.page.unroute(search);
  await alice.page.getByRole('button', { name: 'Try again' }).click();
  await eventually('the results after all', async () => (await alice.searchResults()).length, 2);

  await alice.page.getByRole('searchbox', { name: 'Search messages' }).press('Escape');
  await eventually('the results closed and the chats back', async () => [await alice.page.locator('.search-panel').isVisible(), await alice.chatButton('Carol').isVisible()], [false, true]);
  browser.assertNoErrors({ networkOutages: true });
});

/** Whether `locator`'s element lies within its scroller's visible area. */
function inView(locator) {
  return locator.evaluate((item) => {
    const box = item.getBoundingClientRect();
    const view = item.closest('.scroller').getBoundingClientRect();
    return box.top >= view.top && box.bottom <= view.bottom;
  });
}
