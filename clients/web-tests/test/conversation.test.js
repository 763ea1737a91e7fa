import { after, before, test } from 'node:test';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';

let node;
let browser;
let alice;
let bob;
const unique = Date.now().toString(36);

before(async () => {
  node = await NodeProcess.start();
  browser = await Browser.launch('conversation');
  alice = await browser.person('Alice', `${node.url}/`);
  bob = await browser.person('Bob', `${node.url}/`);
});

after(async () => {
  await browser?.close();
  await node?.close();
});

test('two people sign up, start a direct chat and talk both ways', async () => {
  await alice.signUp(`alice${unique}`);
  await bob.signUp(`bob${unique}`);
  await browser.shot('signed-up');
  await alice.startDirectChat(await bob.myId());
  await alice.send('Hi Bob');
  await eventually('Bob to see the chat with its unread message', () => bob.unreadOf('Alice'), 1);
  await eventually('the total in Bob\'s header and title', () => bob.totalUnread(), { badge: 1, title: '(1) Vestnik' });
  await browser.shot('first-message-unread');
  await bob.openChat('Alice');
  await eventually('Bob to read it', () => bob.bodies(), ['Hi Bob']);
  await eventually('Bob\'s unread to clear', () => bob.totalUnread(), { badge: 0, title: 'Vestnik' });
  await eventually('Alice to see it read', () => alice.statusOf('Hi Bob'), 'read');
  await bob.send('Hello Alice');
  await eventually('Alice to get the answer', () => alice.bodies(), ['Hi Bob', 'Hello Alice']);
  await eventually('Alice, in the chat, to have nothing unread', () => alice.totalUnread(), { badge: 0, title: 'Vestnik' });
  await eventually('Bob\'s online dot on Alice\'s list', () => alice.isOnline('Bob'), true);
  await browser.shot('talked-both-ways');
  browser.assertNoErrors();
});

test('typing is shown to the other person and cleared when the message is sent', async () => {
  await bob.type('Typing a long answer');
  await eventually('Alice to see Bob typing', () => alice.typingLine(), 'Bob is typing…');
  await browser.shot('typing-shown');
  await bob.page.getByLabel('Message', { exact: true }).press('Enter');
  await eventually('the typing line to clear', () => alice.typingLine(), '');
  await eventually('the message to arrive', async () => (await alice.bodies()).at(-1), 'Typing a long answer');
  browser.assertNoErrors();
});

test('a click on a chat opens it although the list re-renders the chat between press and release', async () => {
  await alice.startGroupChat('Errands', [await bob.myId()]);
  await alice.send('Milk');
  await eventually('the new chat, unread, on Bob\'s list', () => bob.unreadOf('Errands'), 1);
  const box = await bob.chatButton('Errands').boundingBox();
  await bob.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await bob.page.mouse.down();
  await alice.send('Bread');
  await eventually('the badge to change under Bob\'s pressed button', () => bob.unreadOf('Errands'), 2);
  await bob.page.mouse.up();
  await eventually('the chat Bob clicked to be open', () => bob.bodies(), ['Milk', 'Bread']);
  browser.assertNoErrors();
});

test('a click on a message\'s action lands although a read receipt changes the message between press and release', async () => {
  await alice.openChat('Bob');
  await bob.send('Eggs too?');
  await eventually('Bob\'s message stored, not yet read', () => bob.statusOf('Eggs too?'), 'sent');
  await bob.message('Eggs too?').hover();
  const box = await bob.message('Eggs too?').getByRole('button', { name: 'Reply', exact: true }).boundingBox();
  await bob.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await bob.page.mouse.down();
  await alice.openChat('Errands');
  await eventually('the receipt to reach Bob\'s pressed message', () => bob.statusOf('Eggs too?'), 'read');
  await bob.page.mouse.up();
  await eventually('Bob\'s reply context', async () => (await bob.contextBar()).endsWith(': Eggs too?'), true);
  browser.assertNoErrors();
});
