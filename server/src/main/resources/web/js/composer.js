import { h, messageOf } from './dom.js';
import { previewOf } from './format.js';

/**
 * Where messages are written: Enter sends, Shift+Enter starts a new line, Escape cancels a reply
 * or an edit. A chosen file is uploaded at once (with progress) and goes with the next send.
 * `actions`: {send({body, replyToSeq, attachmentIds}), edit(seq, body), typing(), stopTyping(),
 * upload(file, onProgress) → attachment}.
 */
export class Composer {
  #actions;
  #context = null;
  #attachment = null;

  /** `options`: {label, placeholder, extra (an element above the text, e.g. a checkbox)}. */
  constructor(actions, { label = 'Message', placeholder = 'Write a message…', extra = null } = {}) {
    this.#actions = actions;
    this.contextBar = h('div', { class: 'context-bar', hidden: true });
    this.uploadBar = h('div', { class: 'upload-bar', hidden: true });
    this.input = h('textarea', { rows: '1', placeholder, 'aria-label': label,
      onkeydown: (event) => this.#key(event), oninput: () => this.#actions.typing() });
    this.file = h('input', { type: 'file', class: 'visually-hidden', id: `file-${crypto.randomUUID()}`, 'aria-label': 'Attach a file', onchange: () => this.#upload() });
    this.element = h('form', { class: 'composer', onsubmit: (event) => (event.preventDefault(), this.#submit()) },
      this.contextBar, this.uploadBar, extra,
      h('div', { class: 'composer-row' },
        this.file,
        h('label', { class: 'attach', for: this.file.id, title: 'Attach a file' }, '+'),
        this.input,
        h('button', { type: 'submit', class: 'send' }, 'Send')));
  }

  replyTo(message, senderName) {
    this.#setContext({ kind: 'reply', message }, `Replying to ${senderName}: ${previewOf(message)}`);
  }

  edit(message) {
    this.#setContext({ kind: 'edit', message }, `Editing: ${previewOf(message)}`);
    this.input.value = message.body;
  }

  focus() {
    this.input.focus();
  }

  #setContext(context, text) {
    this.#context = context;
    this.contextBar.replaceChildren(h('span', {}, text), h('button', { type: 'button', 'aria-label': 'Cancel', onclick: () => this.#clearContext() }, '✕'));
    this.contextBar.hidden = false;
    this.focus();
  }

  #clearContext() {
    if (this.#context?.kind === 'edit') this.input.value = '';
    this.#context = null;
    this.contextBar.hidden = true;
  }

  #key(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#submit();
    } else if (event.key === 'Escape' && this.#context) {
      event.preventDefault(); // Escape spent here: it does not also close the thread view around
      this.#clearContext();
    }
  }

  #submit() {
    const body = this.input.value.trim();
    if (this.#context?.kind === 'edit') {
      if (body) this.#actions.edit(this.#context.message.seq, body);
    } else {
      if (!body && !this.#attachment?.id) return;
      this.#actions.send({ body, replyToSeq: this.#context?.message.seq, attachmentIds: this.#attachment?.id ? [this.#attachment.id] : undefined });
      this.#attachment = null;
      this.uploadBar.hidden = true;
    }
    this.input.value = '';
    this.#clearContext();
    this.#actions.stopTyping();
  }

  async #upload() {
    const file = this.file.files[0];
    if (!file) return;
    this.file.value = '';
    const progress = h('progress', { max: String(file.size || 1), value: '0', 'aria-label': `Uploading ${file.name}` });
    this.uploadBar.replaceChildren(h('span', {}, file.name), progress);
    this.uploadBar.hidden = false;
    this.#attachment = { name: file.name };
    try {
      const attachment = await this.#actions.upload(file, ({ loaded }) => (progress.value = loaded));
      this.#attachment = attachment;
      progress.value = progress.max;
      this.uploadBar.replaceChildren(h('span', { class: 'ready' }, `${file.name}: ready to send`));
    } catch (error) {
      this.#attachment = null;
      this.uploadBar.replaceChildren(h('span', { role: 'alert' }, `${file.name}: ${messageOf(error)}`));
    }
  }
}
