import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths };

/**
 * The only way the dashboard reaches data: the typed client over the server's own API. Credentials travel in
 * the HttpOnly session cookie the server set at sign-in (nothing is kept in localStorage); every request
 * carries X-Requested-With, which the server demands of cookie-signed mutations (CSRF).
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let onExpired: () => void = () => {};

/** Called when a signed-in request answers 401: the session ended or was revoked. */
export function onSessionExpired(handler: () => void): void {
  onExpired = handler;
}

const headers: Middleware = {
  onRequest({ request }) {
    request.headers.set('X-Requested-With', 'entas-web');
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith('/api/v1/auth/login')) onExpired();
    return response;
  },
};
api.use(headers);

/** The error message of an API answer in the user's language. */
export function errorText(error: unknown, lang: string): string {
  const e = (error as { error?: { message?: string; message_id?: string } } | undefined)?.error;
  if (!e) return error instanceof Error ? error.message : String(error);
  return (lang === 'id' ? e.message_id : e.message) ?? e.message ?? '';
}

/** Throws the API's error body, so TanStack Query reports it; returns the data otherwise. */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    throw Object.assign(new Error(`HTTP ${result.response.status}`), { body: result.error });
  }
  return result.data;
}
