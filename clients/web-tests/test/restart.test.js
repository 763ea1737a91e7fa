import { after, before, test } from 'node:test';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';
import { aliceAndBob } from './support/people.js';
import { talkBothWays } from './support/talk.js';

let node;
let browser;

before(async () => {
  node = await NodeProcess.start();
  browser = await Browser.launch('restart');
});

after(async () => {
  await browser?.close();
  await node?.close();
});

test('the node is killed and restarted mid-conversation: the pages recover by themselves, every message once, in order', async () => {
  const people = await aliceAndBob(node.url);
  const alice = await browser.person('Alice', `${node.url}/`);
  const bob = await browser.person('Bob', `${node.url}/`);
  await alice.signIn(people.alice);
  await bob.signIn(people.bob);
  await alice.openChat('Bob');
  await bob.openChat('Alice');
  const before = await talkBothWays(alice, bob, [], 'before');
  await node.kill();
  await eventually('the reconnecting banner', async () => (await alice.banner()).startsWith('Connection lost'), true);
  await alice.send('sent while the node is down');
  await eventually('the message waiting as "sending"', () => alice.page.locator('.pending [data-status=sending]').count(), 1);
  await browser.shot('node-down');
  await node.restart();
  await eventually('the banner to go', () => alice.banner(), '');
  const expected = [...before, 'sent while the node is down'];
  await eventually('the waiting message on both pages', () => bob.bodies(), expected, 40_000);
  await browser.shot('recovered');
  await talkBothWays(alice, bob, expected, 'after');
  browser.assertNoErrors({ networkOutages: true });
});
