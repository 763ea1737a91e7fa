import { errorFromResponse, networkError, VestnikError } from './errors.js';

/**
 * Uploads a file (`POST /api/v1/attachments`) with progress. In a browser it uses XMLHttpRequest,
 * whose upload events report progress as bytes leave; elsewhere (Node) `fetch`, which cannot, so
 * `onProgress` is called once, when the upload is complete.
 */
export async function upload(http, data, { name, contentType, onProgress, signal } = {}) {
  const type = contentType || data.type || 'application/octet-stream';
  const query = name ? { name } : {};
  if (typeof XMLHttpRequest === 'undefined') {
    const attachment = await http.request('POST', '/api/v1/attachments', { rawBody: data, query, headers: { 'Content-Type': type }, signal });
    const size = attachment.size;
    onProgress?.({ loaded: size, total: size });
    return attachment;
  }
  const url = http.url('/api/v1/attachments', query);
  let response;
  try {
    response = await http.authorized((token) => xhrUpload(url, data, { token, type, onProgress, signal }));
  } catch (error) {
    throw error.name === 'AbortError' ? new VestnikError('aborted', 'The upload was aborted.') : networkError(error);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

/** One XMLHttpRequest upload, answered as a minimal Response-like `{status, ok, json()}`. */
function xhrUpload(url, data, { token, type, onProgress, signal }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url.href);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', type);
    xhr.upload.onprogress = (event) => onProgress?.({ loaded: event.loaded, total: event.total });
    xhr.onload = () => resolve(xhrResponse(xhr));
    xhr.onerror = () => reject(new TypeError('upload failed'));
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(data);
  });
}

function xhrResponse(xhr) {
  const ok = xhr.status >= 200 && xhr.status < 300;
  return { status: xhr.status, ok, json: async () => JSON.parse(xhr.responseText) };
}
