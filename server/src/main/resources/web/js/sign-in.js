import { h, messageOf } from './dom.js';
import { accountClient } from './session.js';

/** The sign-in / sign-up form; `signedIn(client)` once the account is in. */
export function signInForm(signedIn) {
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const field = (label, attributes) => h('label', {}, h('span', {}, label), h('input', attributes));
  const form = h('form', { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Vestnik'),
    field('Username', { name: 'username', autocomplete: 'username', required: true, minlength: '3' }),
    field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, minlength: '8' }),
    field('Display name (new accounts)', { name: 'displayName', autocomplete: 'name' }),
    problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', value: 'login' }, 'Sign in'),
      h('button', { type: 'submit', value: 'register', class: 'secondary' }, 'Create account')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    const client = accountClient();
    const { username, password, displayName } = Object.fromEntries(new FormData(form));
    try {
      if (event.submitter?.value === 'register') await client.register({ username, password, displayName: displayName || undefined });
      else await client.login({ username, password });
      signedIn(client);
    } catch (error) {
      await client.close();
      problem.textContent = messageOf(error);
    }
  });
  return form;
}
