import { errorFromResponse, networkError, VestnikError } from './errors.js';

/** Refresh when this share of the access token's lifetime has passed. */
const REFRESH_AT = 0.8;

/**
 * Vestnik accounts: register, login, refresh, logout. Refreshes are serialized: at most one is in
 * flight, every caller waits for it, and a refresh token is never presented twice — the server
 * treats a rotated-away token as stolen and revokes the whole session. A refresh whose answer is
 * lost therefore ends the session (`onLost`): the app signs in again.
 */
export class AccountAuth {
  #baseUrl;
  #fetch;
  #timers;
  #onSession;
  #onLost;
  #signal;
  #session = null;
  #refreshing = null;

  constructor({ baseUrl, fetch, signal, timers, onSession, onLost }) {
    this.#baseUrl = baseUrl;
    this.#signal = signal;
    this.#fetch = fetch;
    this.#timers = timers;
    this.#onSession = onSession;
    this.#onLost = onLost;
  }

  /** `{user, access_token, refresh_token, expires_in, session_id}` or null when signed out. */
  get session() {
    return this.#session;
  }

  register({ username, password, displayName }) {
    return this.#signIn('/api/v1/auth/register', { username, password, display_name: displayName });
  }

  login({ username, password }) {
    return this.#signIn('/api/v1/auth/login', { username, password });
  }

  /** Continues a session saved earlier (e.g. its refresh token kept by the app). */
  resume(refreshToken) {
    this.#session = { refresh_token: refreshToken, access_token: null };
    return this.refresh();
  }

  async logout() {
    const token = await this.accessToken();
    await this.#call('/api/v1/auth/logout', undefined, token);
    this.#end();
  }

  async accessToken() {
    if (this.#refreshing) await this.#refreshing;
    if (!this.#session?.access_token) throw new VestnikError('unauthorized', 'Not signed in.', { status: 401 });
    return this.#session.access_token;
  }

  /** `token` was refused: refresh unless a newer one exists already; true when one does. */
  async tokenRejected(token) {
    if (this.#session && this.#session.access_token !== token) return true;
    try {
      await this.refresh();
      return true;
    } catch {
      return false;
    }
  }

  /** Rotates the tokens; concurrent callers share the one request in flight. */
  refresh() {
    if (!this.#session) return Promise.reject(new VestnikError('unauthorized', 'Not signed in.', { status: 401 }));
    this.#refreshing ??= this.#rotate(this.#session.refresh_token).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  stop() {
    this.#timers.clear('auth:refresh');
  }

  async #rotate(refreshToken) {
    try {
      this.#adopt(await this.#call('/api/v1/auth/refresh', { refresh_token: refreshToken }));
    } catch (error) {
      // Only a rate limit is certain to have left the token unused; anything else may have
      // rotated it, and presenting it again would revoke the session.
      if (error.code === 'rate_limited' && this.#session?.refresh_token === refreshToken) {
        await new Promise((resolve) => this.#timers.set('auth:retry', (error.retryAfter ?? 1) * 1000, resolve));
        return this.#rotate(refreshToken);
      }
      if (error.code !== 'aborted') this.#end(error);
      throw error;
    }
  }

  async #signIn(path, body) {
    this.#adopt(await this.#call(path, body));
    return this.#session;
  }

  #adopt(session) {
    this.#session = session;
    this.#timers.set('auth:refresh', session.expires_in * 1000 * REFRESH_AT, () => this.refresh().catch(() => {}));
    this.#onSession(session);
  }

  #end(error) {
    const hadSession = this.#session !== null;
    this.#session = null;
    this.stop();
    if (hadSession && error) this.#onLost(error);
  }

  async #call(path, body, token) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let response;
    try {
      response = await this.#fetch(new URL(path, this.#baseUrl), {
        method: 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.#signal,
      });
    } catch (error) {
      if (error?.name === 'AbortError') throw new VestnikError('aborted', 'The client was closed.');
      throw networkError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response.status === 204 ? null : response.json();
  }
}

/**
 * A token issued by the host application, fetched through its callback. After a 401 the
 * callback is asked again with `{forceRefresh: true}`.
 */
export class HostTokenAuth {
  #getToken;
  #forceRefresh = false;

  constructor(getToken) {
    this.#getToken = getToken;
  }

  get session() {
    return null;
  }

  async accessToken() {
    const forceRefresh = this.#forceRefresh;
    this.#forceRefresh = false;
    return this.#getToken({ forceRefresh });
  }

  async tokenRejected() {
    this.#forceRefresh = true;
    return true;
  }

  stop() {}
}
