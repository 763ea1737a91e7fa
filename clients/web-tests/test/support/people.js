import { call, directChat } from '../../../js/test/support/scenario.js';

let count = 0;

/** An account made over the API, password "password-123": `{id, token, username}`. */
export async function account(url, displayName) {
  const username = `${displayName.toLowerCase()}${process.pid}x${Date.now().toString(36)}${++count}`;
  const answer = await call(url, 'POST', '/api/v1/auth/register', null, { username, password: 'password-123', display_name: displayName });
  return { id: answer.user.id, token: answer.access_token, username };
}

/** Alice and Bob and their direct chat. */
export async function aliceAndBob(url) {
  const alice = await account(url, 'Alice');
  const bob = await account(url, 'Bob');
  return { alice, bob, chatId: await directChat(url, alice, bob) };
}
