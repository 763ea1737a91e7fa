import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { sendMany } from '../../js/test/support/scenario.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';
import { aliceAndBob } from './support/people.js';

// A PNG: SVG is refused as an attachment (it can carry script; docs/security.md).
const IMAGE = fileURLToPath(new URL('../../../docs/images/api-reference.png', import.meta.url));
let node;
let browser;
let people;

before(async () => {
  node = await NodeProcess.start();
  browser = await Browser.launch('history-and-files');
  people = await aliceAndBob(node.url);
});

after(async () => {
  await browser?.close();
  await node?.close();
});

test('300 messages of history scroll in upwards, once each, in order, with a day separator', async () => {
  await sendMany(node.url, people.bob, people.chatId, 300);
  const alice = await browser.person('Alice', `${node.url}/`);
  await alice.signIn(people.alice);
  await eventually('the chat with 300 unread', () => alice.unreadOf('Bob'), 300);
  await alice.openChat('Bob');
  await browser.shot('newest-page');
  const scroller = alice.page.locator('.chat-pane .scroller');
  await waitForBeginning(alice, scroller);
  await browser.shot('scrolled-to-the-beginning');
  assert.deepEqual(await alice.seqs(), Array.from({ length: 300 }, (_, i) => i + 1));
  assert.deepEqual(new Set(await alice.bodies()), new Set(Array.from({ length: 300 }, (_, i) => `m ${i}`)));
  assert.equal(await alice.page.locator('.chat-pane li.day').count(), 1);
  await eventually('all read', () => alice.totalUnread(), { badge: 0, title: 'Vestnik' });
  browser.assertNoErrors();
});

test('an image attachment goes up with progress and shows inline on the other side', async () => {
  const bob = await browser.person('Bob', `${node.url}/`);
  await bob.signIn(people.bob);
  await bob.openChat('Alice');
  const alice = browser.pages[0];
  await alice.page.locator('.chat-pane input[type=file]').setInputFiles(IMAGE);
  await alice.page.getByText('api-reference.png: ready to send').waitFor();
  await alice.send('the logo');
  const image = bob.message('the logo').locator('img');
  await eventually('the image to load in Bob\'s page', () => image.evaluate((img) => img.complete && img.naturalWidth > 0).catch(() => false), true);
  await browser.shot('attachment-received');
  browser.assertNoErrors();
});

/** Scrolls to the top until the page says the chat's beginning is reached. */
async function waitForBeginning(chat, scroller) {
  const beginning = chat.page.getByText('This is the beginning of the chat.');
  await eventually('the beginning of the chat', async () => {
    await scroller.evaluate((element) => (element.scrollTop = 0));
    return beginning.isVisible();
  }, true, 30_000);
}
