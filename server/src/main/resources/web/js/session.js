import { LocalStoragePositionStore, VestnikClient } from '/web/sdk/index.js';

/** Per tab: a reload resumes, another tab signs in on its own (a rotated refresh token is single-use). */
const REFRESH_KEY = 'vestnik:refresh';
/** The SDK's positions and unsent messages, per tab like the session they belong to. */
const STATE_KEY = 'vestnik:state';

/**
 * The client to start with, or null when the user must sign in: a host application's token
 * (`/#token=<jwt>`, embedding mode), or this tab's earlier session.
 */
export async function restoredClient() {
  const token = takeHostToken();
  if (token) return new VestnikClient({ baseUrl: location.origin, getToken: () => token, store: tabStore() });
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return null;
  const client = accountClient();
  try {
    await client.resumeSession(refreshToken);
    return client;
  } catch {
    await client.close();
    forgetSession();
    return null;
  }
}

/** A client for Vestnik accounts that keeps its refresh token for this tab. */
export function accountClient() {
  const client = new VestnikClient({ baseUrl: location.origin, store: tabStore() });
  client.on('session', (session) => sessionStorage.setItem(REFRESH_KEY, session.refresh_token));
  return client;
}

/** Forgets the tab's session and its saved state: call after the client is closed (closing saves it). */
export function forgetSession() {
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(STATE_KEY);
}

/** A reloaded tab resumes from its positions and re-sends what it had not sent. */
function tabStore() {
  return new LocalStoragePositionStore(STATE_KEY, sessionStorage);
}

/** The fragment never reaches a server or a log; it is removed from the address bar at once. */
function takeHostToken() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) history.replaceState(null, '', location.pathname + location.search);
  return token;
}
