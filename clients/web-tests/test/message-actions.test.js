import { after, before, test } from 'node:test';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';
import { account, aliceAndBob } from './support/people.js';

let node;
let browser;
let alice;
let bob;
let carol;
let people;

before(async () => {
  node = await NodeProcess.start();
  browser = await Browser.launch('message-actions');
  people = await aliceAndBob(node.url);
  people.carol = await account(node.url, 'Carol');
  alice = await browser.person('Alice', `${node.url}/`);
  bob = await browser.person('Bob', `${node.url}/`);
  await alice.signIn(people.alice);
  await bob.signIn(people.bob);
  await alice.openChat('Bob');
  await bob.openChat('Alice');
});

after(async () => {
  await browser?.close();
  await node?.close();
});

test('a reply quotes the message it answers, on both pages', async () => {
  await bob.send('Where do we meet?');
  await eventually('the question on Alice\'s page', async () => (await alice.bodies()).at(-1), 'Where do we meet?');
  await alice.act('Where do we meet?', 'Reply');
  await eventually('the reply context', () => alice.contextBar(), 'Replying to Bob: Where do we meet?');
  await browser.shot('replying');
  await alice.send('At the station');
  for (const page of [alice, bob]) await eventually(`the quote on ${page.name}'s page`, () => page.quoteOf('At the station'), 'Where do we meet?');
  await browser.shot('replied');
  browser.assertNoErrors();
});

test('an edit replaces the text on both pages and is marked edited', async () => {
  await alice.act('At the station', 'Edit');
  await eventually('the message in the composer', () => alice.composer().inputValue(), 'At the station');
  await alice.send('At the north station');
  for (const page of [alice, bob]) {
    await eventually(`the edit on ${page.name}'s page`, async () => (await page.bodies()).at(-1), 'At the north station');
    await eventually(`the edited mark on ${page.name}'s page`, () => page.message('At the north station').locator('.edited').count(), 1);
  }
  await browser.shot('edited');
  browser.assertNoErrors();
});

test('a pin shows on both pages, with the pins bar; unpinning clears it', async () => {
  await bob.act('At the north station', 'Pin');
  for (const page of [alice, bob]) {
    await eventually(`the pin mark on ${page.name}'s page`, () => page.message('At the north station').locator('.pin-mark').count(), 1);
    await eventually(`the pins bar on ${page.name}'s page`, () => page.pinsBar(), '1 pinnedAt the north station');
  }
  await browser.shot('pinned');
  await alice.act('At the north station', 'Unpin');
  for (const page of [alice, bob]) await eventually(`the pins bar to go on ${page.name}'s page`, () => page.pinsBar(), '');
  browser.assertNoErrors();
});

test('a reaction shows on both pages with its count; each person toggles their own', async () => {
  await bob.send('Pizza tonight?');
  await eventually('it on Alice\'s page', async () => (await alice.bodies()).at(-1), 'Pizza tonight?');
  await alice.act('Pizza tonight?', 'React 👍');
  const chips = (page) => page.message('Pizza tonight?').locator('.reaction').allTextContents();
  const pressed = async () => Promise.all([alice, bob].map((page) => page.message('Pizza tonight?').locator('.reaction[aria-pressed="true"]').count()));
  for (const page of [alice, bob]) await eventually(`the reaction on ${page.name}'s page`, () => chips(page), ['👍 1']);
  await eventually('pressed on Alice\'s page only', pressed, [1, 0]);
  await bob.message('Pizza tonight?').locator('.reaction').click();
  for (const page of [alice, bob]) await eventually(`two on ${page.name}'s page`, () => chips(page), ['👍 2']);
  await eventually('pressed on both pages', pressed, [1, 1]);
  await browser.shot('reactions');
  await alice.message('Pizza tonight?').locator('.reaction').click();
  for (const page of [alice, bob]) await eventually(`one left on ${page.name}'s page`, () => chips(page), ['👍 1']);
  await eventually('pressed on Bob\'s page only', pressed, [0, 1]);
  browser.assertNoErrors();
});

test('a deleted message leaves a tombstone on both pages', async () => {
  await alice.send('oops, wrong chat');
  await eventually('it on Bob\'s page', async () => (await bob.bodies()).at(-1), 'oops, wrong chat');
  alice.page.once('dialog', (dialog) => dialog.accept());
  await alice.act('oops, wrong chat', 'Delete');
  for (const page of [alice, bob]) {
    await eventually(`the tombstone on ${page.name}'s page`, async () => (await page.bodies()).at(-1), 'Message deleted');
    await eventually(`the preview in ${page.name}'s list`, () => page.chatButton(page === alice ? 'Bob' : 'Alice').locator('.chat-preview').textContent(), 'Message deleted');
  }
  await browser.shot('deleted');
  browser.assertNoErrors();
});

test('a new group chat, and a message forwarded into it', async () => {
  carol = await browser.person('Carol', `${node.url}/`);
  await carol.signIn(people.carol);
  await alice.startGroupChat('Trip', [people.bob.id, people.carol.id]);
  await eventually('the group in Carol\'s list', () => carol.chatButton('Trip').count(), 1);
  await alice.openChat('Bob');
  await alice.act('Where do we meet?', 'Forward');
  await alice.page.getByRole('dialog', { name: 'Forward to…' }).getByRole('button', { name: 'Trip' }).click();
  await carol.openChat('Trip');
  await eventually('the forwarded message in the group', () => carol.bodies(), ['Where do we meet?']);
  await eventually('marked forwarded', () => carol.message('Where do we meet?').locator('.forwarded').count(), 1);
  await carol.send('See you there');
  await bob.openChat('Trip');
  await eventually('Bob to see the group talk', () => bob.bodies(), ['Where do we meet?', 'See you there']);
  await browser.shot('forwarded-into-group');
  browser.assertNoErrors();
});
