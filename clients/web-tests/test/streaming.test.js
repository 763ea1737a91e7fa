import { after, before, test } from 'node:test';
import { HOST_SETTINGS, hostToken, hostUser, serviceKey } from '../../js/test/support/host.js';
import { NodeProcess } from '../../js/test/support/node-process.js';
import { call } from '../../js/test/support/scenario.js';
import { Browser } from './support/browser.js';
import { eventually } from './support/chat-page.js';

let node;
let browser;

before(async () => {
  node = await NodeProcess.start(HOST_SETTINGS);
  browser = await Browser.launch('streaming');
});

after(async () => {
  await browser?.close();
  await node?.close();
});

test('a streamed reply grows on the page as it is written, then stands complete (host-token mode)', async () => {
  const key = await serviceKey(node.url, ['users', 'chats', 'messages']);
  const suffix = `${process.pid}x${Date.now().toString(36)}`;
  const [reader, bot] = [await hostUser(node.url, key, `reader${suffix}`), await hostUser(node.url, key, `Assistant${suffix}`)];
  const { chat } = await call(node.url, 'POST', '/api/v1/server/chats', key, { kind: 'direct', member_external_ids: [reader.externalId, bot.externalId] });
  const page = await browser.person('Reader', `${node.url}/#token=${hostToken(reader.externalId)}`);
  await page.page.locator('.my-id').waitFor();
  await page.openChat('Assistant');

  const api = `/api/v1/server/chats/${chat.id}/messages`;
  const { message } = await call(node.url, 'POST', api, key, { sender_external_id: bot.externalId, client_id: 'reply-1', body: '', streaming: true });
  const writing = () => page.page.locator('.chat-pane li.message.streaming .writing').count();
  let offset = 0;
  for (const text of ['The train ', 'leaves at ', 'nine.']) {
    await call(node.url, 'POST', `${api}/${message.seq}/deltas`, key, { offset, text });
    offset += text.length;
    await eventually(`"${text}" on the page`, async () => (await page.bodies()).at(-1), 'The train leaves at nine.'.slice(0, offset));
    await eventually('marked as still being written', writing, 1);
  }
  await browser.shot('streaming');
  await call(node.url, 'POST', `${api}/${message.seq}/finish`, key, {});
  await eventually('the writing mark to go', writing, 0);
  await eventually('the whole reply', async () => (await page.bodies()).at(-1), 'The train leaves at nine.');
  await browser.shot('complete');
  browser.assertNoErrors();
});
