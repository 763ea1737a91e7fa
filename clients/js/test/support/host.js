import { createHmac } from 'node:crypto';
import { call } from './scenario.js';

/** The settings of a node that takes host-application tokens and an admin token. */
export const HOST_SETTINGS = { VESTNIK_ADMIN_TOKEN: 'admin-token-for-sdk-tests-0123456789', VESTNIK_HOST_JWT_SECRET: 'host-secret-for-sdk-tests-0123456789abcdef' };

/** An HS256 token for `externalId`, as a host application signs it (five minutes). */
export function hostToken(externalId) {
  const now = Math.floor(Date.now() / 1000);
  const part = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: externalId, iat: now, exp: now + 300 })}`;
  return `${unsigned}.${createHmac('sha256', HOST_SETTINGS.VESTNIK_HOST_JWT_SECRET).update(unsigned).digest('base64url')}`;
}

/** A service key with `scopes`, made with the admin token. */
export async function serviceKey(url, scopes) {
  return (await call(url, 'POST', '/api/v1/admin/keys', HOST_SETTINGS.VESTNIK_ADMIN_TOKEN, { name: `sdk-${Date.now()}`, scopes })).key;
}

/** Puts a user under the host's id `externalId`: `{id, externalId}`. */
export async function hostUser(url, key, externalId) {
  const { user } = await call(url, 'PUT', `/api/v1/server/users/${externalId}`, key, { display_name: externalId });
  return { id: user.id, externalId };
}

/** Sends `externalId` a notification through the server API: answers its seq. */
export async function notify(url, key, externalId, title) {
  return (await call(url, 'POST', '/api/v1/server/notifications', key, { external_id: externalId, kind: 'test', title })).notification.seq;
}
