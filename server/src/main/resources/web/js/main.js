import { App } from './app.js';
import { restoredClient } from './session.js';
import { signInForm } from './sign-in.js';

const root = document.getElementById('app');

/** Signed in already (this tab's session, or a host token): the app; else the sign-in form. */
async function boot() {
  const client = await restoredClient();
  if (client) start(client);
  else showSignIn();
  root.removeAttribute('aria-busy');
}

function start(client) {
  new App(root, client, showSignIn).start();
}

function showSignIn() {
  document.title = 'Vestnik';
  root.replaceChildren(signInForm(start));
  root.querySelector('input')?.focus();
}

boot();
