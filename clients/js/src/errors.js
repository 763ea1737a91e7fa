/** Codes after which the same request may succeed later (docs/protocol.md#error-codes). */
const RETRYABLE = new Set(['rate_limited', 'internal_error', 'unavailable', 'network_error']);

/**
 * A failure the server answered (`code` is its error code, `status` the HTTP status) or the
 * network caused (`code` "network_error", `status` 0: the request may or may not have arrived).
 */
export class VestnikError extends Error {
  constructor(code, message, { status = 0, retryAfter = null } = {}) {
    super(message);
    this.name = 'VestnikError';
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** True when repeating the request unchanged may succeed (after `retryAfter` seconds if set). */
  get retryable() {
    return RETRYABLE.has(this.code);
  }
}

/** Builds the error of a non-2xx HTTP answer from its `{error, message, retry_after}` body. */
export async function errorFromResponse(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML page, say: the status alone tells what happened.
  }
  const code = body.error ?? (response.status >= 500 ? 'unavailable' : 'http_' + response.status);
  return new VestnikError(code, body.message ?? `HTTP ${response.status}`, {
    status: response.status,
    retryAfter: body.retry_after ?? null,
  });
}

/** Turns an `error` frame from the WebSocket into the same error type. */
export function errorFromFrame(frame) {
  return new VestnikError(frame.error, frame.message, { retryAfter: frame.retry_after ?? null });
}

export function networkError(cause) {
  const error = new VestnikError('network_error', `Network failure: ${cause?.message ?? cause}`);
  error.cause = cause;
  return error;
}
