import { after, before } from 'node:test';
import { NodeProcess } from '../../../js/test/support/node-process.js';
import { Browser } from './browser.js';

/**
 * A node and a browser for one test file: started before its tests, then `setUp(suite)` (people,
 * chats, messages), and closed after them. Tests read `suite.node` and `suite.browser`.
 */
export function nodeAndBrowser(name, setUp = async () => {}) {
  const suite = { node: null, browser: null };
  before(async () => {
    suite.node = await NodeProcess.start();
    suite.browser = await Browser.launch(name);
    await setUp(suite);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.node?.close();
  });
  return suite;
}
