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
  gaps = [];

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

  async startGroupChat(title, userIds) {
    await this.page.getByRole('button', { name: 'New chat' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New chat' });
    await dialog.getByLabel('Group', { exact: true }).check();
    await dialog.getByLabel('User ids (comma-separated)').fill(userIds.join(', '));
    await dialog.getByLabel('Group title').fill(title);
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    await this.page.locator('.chat-pane h2', { hasText: title }).waitFor();
  }

  chatButton(title) {
    return this.page.locator('.chat-item', { has: this.page.locator('.chat-title', { hasText: title }) });
  }

  // A click can land while the list re-renders (presence, unread counts) and be lost with the element
  // it hit; a person would click again, and so does this, a few times, before it fails.
  async openChat(title) {
    await this.chatButton(title).click();
    await this.page.locator('.chat-pane textarea').waitFor({ timeout: 30_000 });
  }

  composer() {
    return this.page.getByLabel('Message', { exact: true });
  }

  async type(text) {
    await this.composer().pressSequentially(text, { delay: 5 });
  }

  async send(text) {
    await this.composer().fill(text);
    await this.composer().press('Enter');
  }

  /** Hovers the message with `body` and presses one of its actions (Reply, Edit, Pin, ...). */
  async act(body, action) {
    const message = this.message(body);
    await message.hover();
    await message.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: action, exact: true }).click();
  }

  contextBar() {
    return this.page.locator('.chat-pane .context-bar span').textContent();
  }

  quoteOf(body) {
    return this.message(body).locator('.reply-quote').textContent();
  }

  pinsBar() {
    return this.page.locator('.chat-pane .pins-bar').evaluate((bar) => (bar.hidden ? '' : bar.textContent));
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
    const exactly = new RegExp(`^${body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.page.locator('.chat-pane li.message', { has: this.page.locator('.body', { hasText: exactly }) });
  }

  async statusOf(body) {
    return this.message(body).locator('.status').getAttribute('data-status');
  }

  typingLine() {
    return this.page.locator('.chat-pane .typing').textContent();
  }

  async unreadOf(title) {
    const badge = this.chatButton(title).locator('.badge');
    return (await badge.isVisible()) ? Number(await badge.textContent()) : 0;
  }

  async isOnline(title) {
    return (await this.chatButton(title).locator('.dot').getAttribute('class')).includes('online');
  }

  async totalUnread() {
    const badge = this.page.locator('.badge.total');
    return { badge: (await badge.isVisible()) ? Number(await badge.textContent()) : 0, title: await this.page.title() };
  }

  /** The open thread view (none: count 0). */
  thread() {
    return this.page.locator('aside.thread-view');
  }

  /** The bodies of the stored messages in the open thread view, root first. */
  threadBodies() {
    return this.thread().locator('ol.messages:not(.pending-list) li.message .body').allTextContents();
  }

  /** The seqs of the stored messages in the open thread view, root first. */
  async threadSeqs() {
    return (await this.thread().locator('ol.messages:not(.pending-list) li.message').evaluateAll((items) => items.map((item) => item.dataset.seq))).map(Number);
  }

  /** Sends `text` from the thread view's composer, ticking "Also send to chat" first when `alsoToChat`. */
  async replyInThread(text, { alsoToChat = false } = {}) {
    if (alsoToChat) await this.thread().getByLabel('Also send to chat').check();
    const input = this.thread().getByLabel('Thread reply', { exact: true });
    await input.fill(text);
    await input.press('Enter');
  }

  /** The reply count under root `body` in the chat's list ("" when it shows none). */
  replyCount(body) {
    return this.message(body).locator('.thread-line').evaluate((line) => (line.hidden ? '' : line.querySelector('.thread-count')?.textContent ?? ''));
  }

  /** Types `words` into the message search and presses Enter. */
  async search(words) {
    const field = this.page.getByRole('searchbox', { name: 'Search messages' });
    await field.fill(words);
    await field.press('Enter');
  }

  searchStatus() {
    return this.page.locator('.search-status').textContent();
  }

  /** The results on screen: `{chat, sender, snippet, marked}` each (`marked`: the highlighted words). */
  searchResults() {
    return this.page.locator('.search-results .search-result').evaluateAll((buttons) => buttons.map((button) => ({
      chat: button.querySelector('.result-chat').textContent,
      sender: button.querySelector('.result-sender').textContent,
      snippet: button.querySelector('.result-snippet').textContent,
      marked: [...button.querySelectorAll('mark')].map((mark) => mark.textContent),
    })));
  }

  /** The count on the notification bell (0 when it shows none). */
  async bell() {
    const badge = this.page.locator('.bell .badge');
    return (await badge.isVisible()) ? Number(await badge.textContent()) : 0;
  }

  /** The notifications in the panel, top first: `{title, state}` ("New" or "Read"). */
  notifications() {
    return this.page.locator('.notification-panel li.notification').evaluateAll((items) => items.map((item) => ({
      title: item.querySelector('.notification-title').textContent,
      state: item.querySelector('.notification-state').textContent,
    })));
  }

  transport() {
    return this.page.locator('body').getAttribute('data-transport');
  }

  banner() {
    return this.page.locator('#banner').evaluate((banner) => (banner.hidden ? '' : banner.textContent));
  }
}
