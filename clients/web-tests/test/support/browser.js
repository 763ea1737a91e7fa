import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ChatPage } from './chat-page.js';

/** Debian's chromium (bin/test installs it); no browser is downloaded. */
const CHROMIUM = process.env.VESTNIK_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));

/** What the browser itself logs when a request or socket fails: expected while a node is down or a proxy refuses. */
const NETWORK_NOISE = [/^Failed to load resource/, /^WebSocket connection to .* failed/, /net::ERR_/];

/**
 * One browser for a test file and a context (cookies, storage) per person. Every console error
 * and uncaught exception is recorded; `assertNoErrors()` fails the test on any (network noise
 * allowed only where the test expects outages).
 */
export class Browser {
  #browser;
  #suite;
  #step = 0;
  pages = [];

  static async launch(suite) {
    const browser = new Browser();
    browser.#suite = suite;
    browser.#browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    rmSync(join(SCREENSHOTS, suite), { recursive: true, force: true }); // only this run's steps
    mkdirSync(join(SCREENSHOTS, suite), { recursive: true });
    return browser;
  }

  /** A person in their own context, at `url`; `viewport` e.g. a phone's. */
  async person(name, url, viewport = { width: 1100, height: 760 }) {
    const context = await this.#browser.newContext({ viewport });
    const page = await context.newPage();
    const chat = new ChatPage(page, name);
    page.on('console', (message) => {
      if (message.type() === 'error') chat.errors.push(`${message.text()} (${message.location().url})`);
      if (message.text().startsWith('vestnik: gap')) chat.gaps.push(message.text());
    });
    page.on('pageerror', (error) => chat.errors.push(`uncaught: ${error.stack ?? error}`));
    await page.goto(url);
    this.pages.push(chat);
    return chat;
  }

  /** A screenshot of each person's page, numbered in the order taken: target/screenshots/<suite>/. */
  async shot(step) {
    const number = String(++this.#step).padStart(2, '0');
    for (const chat of this.pages) await chat.page.screenshot({ path: join(SCREENSHOTS, this.#suite, `${number}-${step}-${chat.name}.png`) });
  }

  /**
   * No console error, and no gap the server left for the SDK to fill (the page logs each SDK `gap`):
   * the server promises every message in order on a resumed connection, and the page's repair
   * must not hide a server that breaks it.
   */
  assertNoErrors({ networkOutages = false } = {}) {
    for (const chat of this.pages) {
      const errors = chat.errors.filter((text) => !(networkOutages && NETWORK_NOISE.some((noise) => noise.test(text))));
      assert.deepEqual(errors, [], `${chat.name}'s console`);
      assert.deepEqual(chat.gaps, [], `${chat.name}'s SDK filled gaps the server should not have left`);
    }
  }

  async close() {
    await this.#browser?.close();
  }
}
