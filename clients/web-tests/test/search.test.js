import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, directChat, sendMany } from '../../js/test/support/scenario.js';
import { eventually } from './support/chat-page.js';
import { account, aliceAndBob } from './support/people.js';
import { nodeAndBrowser } from './support/suite.js';

const PHONE = { width: 375, height: 700 };
const OLD = 'The zebra crossing is on Elm street';
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'"> zebra stripes <b>bold</b>';
let people;

const suite = nodeAndBrowser('search', async ({ node }) => {
  people = await aliceAndBob(node.url);
  const carol = await account(node.url, 'Carol');
  const carolChat = await directChat(node.url, carol, people.alice);
  await call(node.url, 'POST', `/api/v1/chats/${carolChat}/messages`, carol.token, { client_id: 'old', body: OLD });
  await sendMany(node.url, carol, carolChat, 150); // three history pages above it
  await call(node.url, 'POST', `/api/v1/chats/${people.chatId}/messages`, people.bob.token, { client_id: 'hostile', body: HOSTILE });
  await sendMany(node.url, people.bob, people.chatId, 25, 'needle');
});

test('search finds a message in another chat; its result opens that chat paged back to the message, scrolled to and marked', async () => {
  const alice = await suite.browser.person('Alice', `${suite.node.url}/`);
  await alice.signIn(people.alice);
  await alice.openChat('Bob');
  await alice.search('zebra');
  await eventually('both results', async () => (await alice.searchResults()).map(({ chat }) => chat).sort(), ['Bob', 'Carol']);
  const old = (await alice.searchResults()).find(({ chat }) => chat === 'Carol');
  assert.deepEqual(old, { chat: 'Carol', sender: 'Carol', snippet: OLD, marked: ['zebra'] });
  await suite.browser.shot('results');

  await alice.page.getByRole('button', { name: `Carol, Carol: ${OLD}` }).click();
  const found = alice.page.locator('.chat-pane li.message.found');
  await eventually('the old message marked in Carol\'s chat', async () => (await found.count()) && found.locator('.body').textContent(), OLD);
  assert.equal(await alice.page.locator('.chat-pane h2').textContent(), 'Carol');
  assert.ok((await alice.seqs()).length > 100, 'history paged in past the first page');
  assert.ok(await inView(found), 'the found message is scrolled into view');
  await suite.browser.shot('opened-at-the-result');
  suite.browser.assertNoErrors();
});

test('a body with markup is shown as its text in the results, never as HTML', async () => {
  const alice = suite.browser.pages[0];
  await alice.search('stripes');
  await eventually('the result', async () => (await alice.searchResults()).map(({ snippet, marked }) => ({ snippet, marked })),
    [{ snippet: HOSTILE, marked: ['stripes'] }]);
  assert.equal(await alice.page.locator('.search-results img, .search-results b').count(), 0, 'no element from the body');
  assert.notEqual(await alice.page.title(), 'pwned');
  suite.browser.assertNoErrors();
});

test('at phone width, by keyboard: Enter searches, Tab reaches a result, Enter opens its chat at it; Back returns to the results', async () => {
  const bob = await suite.browser.person('Bob', `${suite.node.url}/`, PHONE);
  await bob.signIn(people.bob);
  await bob.page.getByRole('searchbox', { name: 'Search messages' }).focus();
  await bob.page.keyboard.type('zebra');
  await bob.page.keyboard.press('Enter');
  await eventually('Bob\'s one result (Carol\'s chat is not his)', async () => (await bob.searchResults()).map(({ chat }) => chat), ['Alice']);
  await eventually('a result to take focus by Tab', async () => {
    await bob.page.keyboard.press('Tab');
    return bob.page.evaluate(() => document.activeElement?.classList.contains('search-result') ?? false);
  }, true);
  await bob.page.keyboard.press('Enter');
  await eventually('the chat open at the message', () => bob.page.locator('.chat-pane li.message.found .body').textContent(), HOSTILE);
  assert.equal(await bob.page.locator('.search-panel').isVisible(), false, 'the chat has the screen');
  assert.equal(await bob.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing to scroll sideways');
  await suite.browser.shot('phone-result');
  await bob.page.getByRole('button', { name: 'Back to chats' }).click();
  await eventually('the results again', async () => (await bob.searchResults()).length, 1);
  await suite.browser.shot('phone-results');
  suite.browser.assertNoErrors();
});

test('"More results" pages on with the cursor, each result once, and takes focus to the first new one', async () => {
  const alice = suite.browser.pages[0];
  await alice.search('needle');
  await eventually('the first page', async () => [(await alice.searchResults()).length, await alice.searchStatus()], [20, '20+ found for “needle”']);
  await alice.page.getByRole('button', { name: 'More results' }).click();
  await eventually('the second page', async () => [(await alice.searchResults()).length, await alice.searchStatus()], [25, '25 found for “needle”']);
  assert.equal(new Set((await alice.searchResults()).map(({ snippet }) => snippet)).size, 25, 'each result once');
  assert.equal(await alice.page.getByRole('button', { name: 'More results' }).isVisible(), false, 'no more after the last page');
  assert.equal(await alice.page.evaluate(() => document.activeElement?.closest('li')?.matches('.search-results li:nth-child(21)') ?? false), true);
  suite.browser.assertNoErrors();
});

test('an empty query, no results, too many searches and a lost network are said plainly; Escape closes the results', async () => {
  const alice = suite.browser.pages[0];
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
  await suite.browser.shot('network-failure');
  await alice.page.unroute(search);
  await alice.page.getByRole('button', { name: 'Try again' }).click();
  await eventually('the results after all', async () => (await alice.searchResults()).length, 2);

  await alice.page.getByRole('searchbox', { name: 'Search messages' }).press('Escape');
  await eventually('the results closed and the chats back', async () => [await alice.page.locator('.search-panel').isVisible(), await alice.chatButton('Carol').isVisible()], [false, true]);
  suite.browser.assertNoErrors({ networkOutages: true });
});

/** Whether `locator`'s element lies within its scroller's visible area. */
function inView(locator) {
  return locator.evaluate((item) => {
    const box = item.getBoundingClientRect();
    const view = item.closest('.scroller').getBoundingClientRect();
    return box.top >= view.top && box.bottom <= view.bottom;
  });
}
