import { errorFromResponse, networkError, VestnikError } from './errors.js';

/**
 * The HTTP side of the API: JSON in and out, `Authorization: Bearer` from the auth provider,
 * and one retry after a 401 once the provider has a newer token.
 */
export class HttpApi {
  #baseUrl;
  #auth;
  #fetch;
  #signal;

  /** `signal` aborts every request when the client closes. */
  constructor({ baseUrl, auth, fetch, signal }) {
    this.#baseUrl = baseUrl;
    this.#auth = auth;
    this.#fetch = fetch;
    this.#signal = signal;
  }

  get baseUrl() {
    return this.#baseUrl;
  }

  /** An absolute URL of the server for `path` and the defined `query` values. */
  url(path, query = {}) {
    const url = new URL(path, this.#baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url;
  }

  get(path, query) {
    return this.request('GET', path, { query });
  }

  post(path, body, query) {
    return this.request('POST', path, { body, query });
  }

  /**
   * Sends a request and answers its JSON body (null for 204). `body` is sent as JSON unless
   * `rawBody` is given. Throws VestnikError on any failure.
   */
  async request(method, path, { body, rawBody, query, headers = {}, signal, authenticated = true } = {}) {
    const init = { method, headers: { ...headers }, signal: signal ?? this.#signal };
    if (rawBody !== undefined) init.body = rawBody;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const url = this.url(path, query);
    const response = authenticated
      ? await this.authorized((token) => this.#send(url, withBearer(init, token)))
      : await this.#send(url, init);
    return readBody(response);
  }

  /** A streaming request (SSE): answers the Response itself once its status is 2xx. */
  async stream(path, { query, headers = {}, signal }) {
    const url = this.url(path, query);
    const init = { method: 'GET', headers: { Accept: 'text/event-stream', ...headers }, signal };
    const response = await this.authorized((token) => this.#send(url, withBearer(init, token)));
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /**
   * Runs `attempt(token)` (which answers a Response or an object with a numeric `status`) and,
   * when it answers 401 while the auth provider can offer a newer token, once more with that.
   */
  async authorized(attempt) {
    const token = await this.#auth.accessToken();
    const first = await attempt(token);
    if (first.status !== 401 || !(await this.#auth.tokenRejected(token))) return first;
    return attempt(await this.#auth.accessToken());
  }

  async #send(url, init) {
    try {
      return await this.#fetch(url, init);
    } catch (error) {
      if (error?.name === 'AbortError') throw new VestnikError('aborted', 'The request was aborted.');
      throw networkError(error);
    }
  }
}

function withBearer(init, token) {
  return { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } };
}

async function readBody(response) {
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return null;
  return response.json();
}
