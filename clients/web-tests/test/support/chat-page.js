import assert from 'node:assert/strict';
import { waitFor } from '../../../js/test/support/await.js';

/** Waits until `read()` deep-equals `expected`; fails with the last value seen. */
export async function eventually(what, read, expected, timeoutMs = 20_000) {
  let last;
  try {
    await waitFor(what, async () => {
      last = await read();
      try {
        assert.deepEqual(last, expected);
        return true;
      } catch {
        return false;
      }
    }, timeoutMs);
  } catch {
    assert.deepEqual(last, expected, `timed out waiting for ${what}`);
  }
}

/** One person's page of the web client, driven as a user would: by labels, roles and text. */
export class ChatPage {
  errors = [];

  constructor(page, name) {
    this.page = page;
    this.name = name;
  }

  async signUp(username) {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill('password-123');
    await this.page.getByLabel('Display name (new accounts)').fill(this.name);
    await this.page.getByRole('button', { name: 'Create account' }).click();
    await this.page.locator('.my-id').waitFor();
  }

  async signIn({ username }) {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill('password-123');
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.locator('.my-id').waitFor();
  }

  async myId() {
    return Number(await this.page.locator('.my-id').textContent());
  }

  async startDirectChat(userId) {
    await this.page.getByRole('button', { name: 'New chat' }).click();
    await this.page.getByLabel('User ids (comma-separated)').fill(String(userId));
    await this.page.getByRole('button', { name: 'Start chat' }).click();
    await this.page.locator('.chat-pane textarea').waitFor();
  }

  chatButton(title) {
    return this.page.locator('.chat-item', { has: this.page.locator('.chat-title', { hasText: title }) });
  }

  async openChat(title) {
    await this.chatButton(title).click();
    await this.page.locator('.chat-pane textarea').waitFor();
  }

  async type(text) {
    await this.page.getByLabel('Message', { exact: true }).pressSequentially(text, { delay: 5 });
  }

  async send(text) {
    await this.page.getByLabel('Message', { exact: true }).fill(text);
    await this.page.getByLabel('Message', { exact: true }).press('Enter');
  }

  /** The bodies of the stored messages on screen, in order. */
  bodies() {
    return this.page.locator('.chat-pane ol.messages:not(.pending-list) li.message .body').allTextContents();
  }

  /** The seqs of the stored messages on screen, in order. */
  async seqs() {
    return (await this.page.locator('.chat-pane ol.messages:not(.pending-list) li.message').evaluateAll((items) => items.map((item) => item.dataset.seq))).map(Number);
  }

  message(body) {
    return this.page.locator('.chat-pane li.message', { has: this.page.locator('.body', { hasText: new RegExp(`^${body}$`) }) });
  }

  async statusOf(body) {
    return this.message(body).locator('.status').getAttribute('data-status');
  }

  typingLine() {
    return this.page.locator('.chat-pane .typing').textContent();
  }

  async unreadOf(title) {
    const badge = this.chatButton(title).locator('.badge');
    return (await badge.count()) ? Number(await badge.textContent()) : 0;
  }

  async isOnline(title) {
    return (await this.chatButton(title).locator('.dot').getAttribute('class')).includes('online');
  }

  async totalUnread() {
    const badge = this.page.locator('.badge.total');
    return { badge: (await badge.isVisible()) ? Number(await badge.textContent()) : 0, title: await this.page.title() };
  }

  transport() {
    return this.page.locator('body').getAttribute('data-transport');
  }

  banner() {
    return this.page.locator('#banner').evaluate((banner) => (banner.hidden ? '' : banner.textContent));
  }
}
