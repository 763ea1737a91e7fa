import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';
import { aliceAndBob } from './support/people.js';

const PHONE = { width: 375, height: 700 };
let node;
let browser;
let people;

before(async () => {
  node = await NodeProcess.start();
  browser = await Browser.launch('phone-and-keyboard');
  people = await aliceAndBob(node.url);
});

after(async () => {
  await browser?.close();
  await node?.close();
});

/** What a screen reader would call each control, and which ones it could not name (no letter in the name). */
function unnamedControls(page) {
  return page.evaluate(() => {
    const nameOf = (element) => {
      const labelledBy = element.getAttribute('aria-labelledby');
      if (labelledBy) return labelledBy.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      return element.getAttribute('aria-label') ?? (element.labels?.length ? [...element.labels].map((label) => label.textContent).join(' ') : element.textContent || element.getAttribute('alt') || '');
    };
    const controls = [...document.querySelectorAll('button, a[href], input:not([type=hidden]), textarea, [role=log], nav, dialog, img')];
    return controls.filter((element) => element.getClientRects().length || element.type === 'file').filter((element) => !/\p{L}/u.test(nameOf(element))).map((element) => element.outerHTML.slice(0, 120));
  });
}

function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('at phone width the chat list, then the chat, fill the screen with nothing to scroll sideways', async () => {
  const alice = await browser.person('Alice', `${node.url}/`, PHONE);
  await alice.signIn(people.alice);
  await eventually('the chat list', () => alice.chatButton('Bob').isVisible(), true);
  assert.equal(await horizontalOverflow(alice.page), 0, 'no horizontal scroll on the list');
  await browser.shot('phone-list');
  await alice.openChat('Bob');
  assert.equal(await alice.chatButton('Bob').isVisible(), false, 'the list gives the screen to the chat');
  await alice.send('Sent from a phone, with a line long enough to wrap more than once on a narrow screen');
  await eventually('the message', async () => (await alice.bodies()).at(-1), 'Sent from a phone, with a line long enough to wrap more than once on a narrow screen');
  assert.equal(await horizontalOverflow(alice.page), 0, 'no horizontal scroll in the chat');
  const box = await alice.composer().boundingBox();
  assert.ok(box.y + box.height <= PHONE.height && box.x >= 0 && box.x + box.width <= PHONE.width, `the composer on screen: ${JSON.stringify(box)}`);
  await browser.shot('phone-chat');
  await alice.page.getByRole('button', { name: 'Back to chats' }).click();
  await eventually('the list again', () => alice.chatButton('Bob').isVisible(), true);
  browser.assertNoErrors();
  await alice.page.context().close();
  browser.pages.length = 0;
});

test('keyboard only: sign in, open a chat, write, open and close a dialog; every control has a name', async () => {
  const bob = await browser.person('Bob', `${node.url}/`);
  assert.deepEqual(await unnamedControls(bob.page), [], 'sign-in form');
  const keys = bob.page.keyboard;
  await eventually('the username field to have focus', () => bob.page.evaluate(() => document.activeElement?.name), 'username');
  await keys.type(people.bob.username);
  await keys.press('Tab');
  await keys.type('password-123');
  await keys.press('Enter');
  await bob.page.locator('.my-id').waitFor();
  await eventually('a chat button to take focus by Tab', async () => {
    await keys.press('Tab');
    return bob.page.evaluate(() => document.activeElement?.classList.contains('chat-item') ?? false);
  }, true);
  await keys.press('Enter');
  await eventually('the composer to have focus', () => bob.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message');
  await keys.type('Typed without a mouse');
  await keys.press('Enter');
  await eventually('the message', async () => (await bob.bodies()).at(-1), 'Typed without a mouse');
  assert.deepEqual(await unnamedControls(bob.page), [], 'chat page');
  await browser.shot('keyboard-chat');

  await bob.page.getByRole('button', { name: 'New chat' }).focus();
  await keys.press('Enter');
  await eventually('the dialog to take focus', () => bob.page.evaluate(() => Boolean(document.activeElement?.closest('dialog'))), true);
  assert.deepEqual(await unnamedControls(bob.page), [], 'new chat dialog');
  await browser.shot('keyboard-dialog');
  await keys.press('Escape');
  await eventually('the dialog to close', () => bob.page.locator('dialog').count(), 0);
  browser.assertNoErrors();
});
