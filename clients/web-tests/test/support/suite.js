import { after, before } from 'node:test';
import { NodeProcess } from '../../../js/test/support/node-process.js';
import { Browser } from './browser.js';

/**
 * A node (with `settings`, if any) and a browser for one test file: started before its tests, then
 * `setUp(suite)` (people, chats, messages), and closed after them. Tests read `suite.node` and
 * `suite.browser`.
 */
export function nodeAndBrowser(name, setUp = async () => {}, settings = undefined) {
  const suite = { node: null, browser: null };
  before(async () => {
    suite.node = await NodeProcess.start(settings);
    suite.browser = await Browser.launch(name);
    await setUp(suite);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.node?.close();
  });
  return suite;
}
