import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { history } from '../../js/test/support/scenario.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';
import { aliceAndBob } from './support/people.js';

let node;
let browser;

before(async () => {
  node = await NodeProcess.start();
  browser = await Browser.launch('reload');
});

after(async () => {
  await browser?.close();
  await node?.close();
});

/**
 * Alice's WebSocket frames pass through the test: `send` frames can be kept from the server
 * (the message never reached it) and `ack` frames from the page (stored, but the page never
 * heard). `cut.mode`: 'pass' | 'drop-ack' | 'drop-send'.
 */
async function cutAlicesSocket(page) {
  const cut = { mode: 'pass' };
  await page.routeWebSocket(/\/ws\b/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((frame) => !(cut.mode === 'drop-send' && JSON.parse(frame).type === 'send') && server.send(frame));
    server.onMessage((frame) => !(cut.mode === 'drop-ack' && JSON.parse(frame).type === 'ack') && socket.send(frame));
  });
  return cut;
}

test('messages not sent (or not acknowledged) when the page is reloaded go out after the reload, exactly once', async () => {
  const people = await aliceAndBob(node.url);
  const alice = await browser.person('Alice', `${node.url}/`);
  const bob = await browser.person('Bob', `${node.url}/`);
  const cut = await cutAlicesSocket(alice.page);
  await alice.signIn(people.alice);
  await bob.signIn(people.bob);
  await alice.openChat('Bob');
  await bob.openChat('Alice');
  await alice.send('before the cut');
  await eventually('the first message on Bob\'s page', () => bob.bodies(), ['before the cut']);

  cut.mode = 'drop-ack';
  await alice.send('stored, but the ack is lost');
  await eventually('Bob to get it', () => bob.bodies(), ['before the cut', 'stored, but the ack is lost']);
  cut.mode = 'drop-send';
  await alice.send('never reached the server');
  // The ack-less one may show as stored already (the page can learn it from history); this one cannot.
  await eventually('the unsent one waiting as "sending"', () => alice.page.locator('.pending', { hasText: 'never reached the server' }).locator('[data-status=sending]').count(), 1);
  await browser.shot('unsent-before-reload');

  cut.mode = 'pass';
  await alice.page.reload();
  await alice.openChat('Bob');
  const expected = ['before the cut', 'stored, but the ack is lost', 'never reached the server'];
  for (const page of [alice, bob]) await eventually(`every message once, in order, on ${page.name}'s page`, () => page.bodies(), expected);
  await eventually('nothing left pending', () => alice.page.locator('.pending').count(), 0);
  assert.deepEqual((await history(node.url, people.alice, people.chatId)).map((message) => message.body), expected, 'each stored once');
  await browser.shot('sent-after-reload');
  browser.assertNoErrors();
});
