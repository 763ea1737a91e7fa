import { h, messageOf } from './dom.js';

/** A modal `<dialog>` built by `build(close)`; resolves with what `close(value)` is given (null on Escape). */
function modal(label, build) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { 'aria-label': label });
    const close = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', (event) => (event.preventDefault(), close(null)));
    dialog.append(...build(close));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Picks one of `chats` ([{id, title}]): for forwarding. */
export function chooseChat(label, chats) {
  return modal(label, (close) => [
    h('h2', {}, label),
    h('ul', { class: 'choices' }, chats.map((chat) => h('li', {}, h('button', { type: 'button', onclick: () => close(chat) }, chat.title)))),
    h('button', { type: 'button', class: 'secondary', onclick: () => close(null) }, 'Cancel'),
  ]);
}

/**
 * Starts a direct or group chat. The API looks users up by id only (GET /users/{id}; there is no
 * search by name, so names cannot be enumerated): people share the id shown in their header.
 */
export function newChatDialog(api) {
  return modal('New chat', (close) => {
    const problem = h('p', { class: 'form-error', role: 'alert' });
    const form = h('form', { class: 'new-chat' },
      h('h2', {}, 'New chat'),
      h('fieldset', {}, h('legend', {}, 'Kind'),
        h('label', {}, h('input', { type: 'radio', name: 'kind', value: 'direct', checked: true }), ' Direct'),
        h('label', {}, h('input', { type: 'radio', name: 'kind', value: 'group' }), ' Group')),
      h('label', {}, h('span', {}, 'User ids (comma-separated)'), h('input', { name: 'ids', required: true, inputmode: 'numeric', pattern: '\\s*\\d+(\\s*,\\s*\\d+)*\\s*' })),
      h('label', {}, h('span', {}, 'Group title'), h('input', { name: 'title', maxlength: '200' })),
      problem,
      h('div', { class: 'actions' },
        h('button', { type: 'submit' }, 'Start chat'),
        h('button', { type: 'button', class: 'secondary', onclick: () => close(null) }, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        close(await createChat(api, Object.fromEntries(new FormData(form))));
      } catch (error) {
        problem.textContent = messageOf(error);
      }
    });
    return [form];
  });
}

async function createChat(api, { kind, ids, title }) {
  const memberIds = ids.split(',').map((id) => Number(id.trim()));
  await Promise.all(memberIds.map((id) => api.user(id))); // "no such user" before anything is created
  if (kind === 'group') return api.createChat({ kind, member_ids: memberIds, title: title || 'Group' });
  if (memberIds.length !== 1) throw new Error('A direct chat has exactly one other person.');
  return api.createChat({ kind, member_ids: memberIds });
}
