import { after, before, test } from 'node:test';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { RefusingProxy } from '../../js/test/support/proxy.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';
import { aliceAndBob } from './support/people.js';
import { talkBothWays } from './support/talk.js';

let node;
let proxy;
let browser;

before(async () => {
  node = await NodeProcess.start();
  proxy = await RefusingProxy.start(node.port);
  browser = await Browser.launch('fallback');
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  await node?.close();
});

test('with WebSocket refused the conversation goes over SSE, and with SSE refused too over long polling', async () => {
  proxy.allowWebSocket = false;
  const people = await aliceAndBob(node.url);
  const alice = await browser.person('Alice', `${proxy.url}/`);
  const bob = await browser.person('Bob', `${proxy.url}/`);
  await alice.signIn(people.alice);
  await bob.signIn(people.bob);
  for (const chat of [alice, bob]) await eventually(`${chat.name} on SSE`, () => chat.transport(), 'sse');
  await alice.openChat('Bob');
  await bob.openChat('Alice');
  const overSse = await talkBothWays(alice, bob, [], 'sse');
  await browser.shot('over-sse');
  proxy.allowSse = false;
  proxy.dropAll();
  for (const chat of [alice, bob]) await eventually(`${chat.name} on long polling`, () => chat.transport(), 'poll', 40_000);
  await talkBothWays(alice, bob, overSse, 'poll');
  await browser.shot('over-long-polling');
  browser.assertNoErrors({ networkOutages: true });
});
