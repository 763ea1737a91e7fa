import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_SETTINGS, hostToken, hostUser, serviceKey } from '../../js/test/support/host.js';
import { call } from '../../js/test/support/scenario.js';
import { eventually } from './support/chat-page.js';
import { nodeAndBrowser } from './support/suite.js';

let key;

const suite = nodeAndBrowser('notifications', async ({ node }) => {
  key = await serviceKey(node.url, ['users', 'notifications']);
}, HOST_SETTINGS);

/** The host sends `externalId` a notification through the server API. */
function notify(externalId, title, body) {
  return call(suite.node.url, 'POST', '/api/v1/server/notifications', key, { external_id: externalId, kind: 'test', title, body });
}

async function unreadOnServer(externalId) {
  return (await call(suite.node.url, 'GET', '/api/v1/notifications?limit=1', hostToken(externalId))).unread;
}

test('the bell counts each notification once, live ones included; opening the panel lists them newest first and marks them read, which a reload keeps', async () => {
  const reader = await hostUser(suite.node.url, key, `reader${process.pid}x${Date.now().toString(36)}`);
  await notify(reader.externalId, 'Before you came', 'Sent while the page was closed.');
  const page = await suite.browser.person('Reader', `${suite.node.url}/#token=${hostToken(reader.externalId)}`);
  await page.page.locator('.my-id').waitFor();
  await eventually('the one sent earlier, counted by the server', () => page.bell(), 1);

  await notify(reader.externalId, 'Your order shipped', 'It arrives on Friday.');
  await eventually('the live one on the bell', () => page.bell(), 2);
  await eventually('the live one in the (closed) panel', async () => (await page.notifications()).length, 2);
  assert.equal(await page.bell(), 2, 'each counted once');
  await suite.browser.shot('bell');

  await page.page.getByRole('button', { name: 'Notifications, 2 unread' }).click();
  const panel = page.page.getByRole('region', { name: 'Notifications' });
  await panel.waitFor();
  assert.deepEqual(await page.notifications(), [{ title: 'Your order shipped', state: 'New' }, { title: 'Before you came', state: 'New' }]);
  assert.equal(await panel.getByText('It arrives on Friday.').isVisible(), true);
  await eventually('the bell cleared', () => page.bell(), 0);
  await eventually('read on the server', () => unreadOnServer(reader.externalId), 0);
  await suite.browser.shot('panel');
  await page.page.keyboard.press('Escape');
  await eventually('the panel closed', () => panel.isVisible(), false);

  await page.page.goto(`${suite.node.url}/#token=${hostToken(reader.externalId)}`);
  await page.page.reload();
  await page.page.locator('.my-id').waitFor();
  await notify(reader.externalId, 'After the reload');
  // Had the first two stayed unread, the bell would show 3 as soon as this one arrived.
  await eventually('only the new one unread after the reload', () => page.bell(), 1);
  await page.page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  await eventually('the panel after the reload', () => page.notifications(),
    [{ title: 'After the reload', state: 'New' }, { title: 'Your order shipped', state: 'Read' }, { title: 'Before you came', state: 'Read' }]);
  await eventually('the bell cleared again', () => page.bell(), 0);
  suite.browser.assertNoErrors();
});

test('no event says notifications were read: another device learns it when its panel opens', async () => {
  const reader = await hostUser(suite.node.url, key, `twice${process.pid}x${Date.now().toString(36)}`);
  const [laptop, phone] = [await suite.browser.person('Laptop', `${suite.node.url}/#token=${hostToken(reader.externalId)}`),
    await suite.browser.person('Phone', `${suite.node.url}/#token=${hostToken(reader.externalId)}`, { width: 375, height: 700 })];
  await laptop.page.locator('.my-id').waitFor();
  await phone.page.locator('.my-id').waitFor();
  await notify(reader.externalId, 'Seen on the laptop');
  await eventually('the laptop\'s bell', () => laptop.bell(), 1);
  await eventually('the phone\'s bell', () => phone.bell(), 1);

  await laptop.page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  await eventually('read on the server', () => unreadOnServer(reader.externalId), 0);
  await phone.page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  await eventually('the phone shows it read already', () => phone.notifications(), [{ title: 'Seen on the laptop', state: 'Read' }]);
  await eventually('the phone\'s bell cleared', () => phone.bell(), 0);
  await suite.browser.shot('phone-panel');
  const box = await phone.page.locator('.notification-panel').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, `the panel fits the phone: ${JSON.stringify(box)}`);
  suite.browser.assertNoErrors();
});
