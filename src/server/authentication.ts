import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccessLayer } from '../access/access-layer.js';
import { authenticate } from '../auth/login-service.js';
import type { Database } from '../db/database.js';
import { parsePurpose } from '../privacy/pii.js';
import { say } from '../shared/errors.js';
import { HttpError } from './error-handler.js';

export const SESSION_COOKIE = 'entas_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes reachable without signing in (health, login, API docs). */
    public?: boolean;
  }
  interface FastifyRequest {
    accessLayer: AccessLayer | null;
    bearerSecret: string | null;
  }
}

/** The bearer secret from `Authorization: Bearer …`, else from the session cookie. */
function secretOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
    return match ? match[1]! : null;
  }
  return request.cookies[SESSION_COOKIE] ?? null;
}

/**
 * Signs every non-public request in and builds its AccessLayer. The database handle stays inside this hook:
 * route handlers only ever see `access(request)`.
 */
export function installAuthentication(
  app: FastifyInstance,
  database: Database,
  options: { rejectsDir?: string } = {},
): void {
  app.decorateRequest('accessLayer', null);
  app.decorateRequest('bearerSecret', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true) return;
    if (request.routeOptions.url?.startsWith('/api/docs')) return; // the interactive docs hold no data
    const secret = secretOf(request);
    const principal = secret
      ? await authenticate(database, secret, {
          purpose: parsePurpose(request.headers['x-purpose']),
          origin: request.ip,
        })
      : undefined;
    if (!principal) {
      // A credential was sent but is wrong, expired or revoked: say so, rather than "sign in first".
      const sent = secret !== null || request.headers.authorization !== undefined;
      throw sent
        ? new HttpError(
            401,
            'invalid_token',
            say(
              'the token or session is invalid or has expired: sign in again',
              'token atau sesi tidak sah atau sudah kedaluwarsa: silakan masuk lagi',
            ),
          )
        : new HttpError(
            401,
            'unauthorized',
            say(
              'sign in first (Bearer token or session cookie)',
              'silakan masuk terlebih dahulu (token Bearer atau cookie sesi)',
            ),
          );
    }
    // CSRF: a cookie rides along with any request the browser sends, a header does not. A state-changing request
    // signed in by the cookie must carry X-Requested-With, which no other site can set without a CORS preflight.
    if (
      !request.headers.authorization &&
      !SAFE_METHODS.has(request.method) &&
      request.headers['x-requested-with'] === undefined
    ) {
      throw new HttpError(
        403,
        'csrf',
        say(
          'a request signed in by the session cookie must send the X-Requested-With header',
          'permintaan yang masuk dengan cookie sesi wajib mengirim header X-Requested-With',
        ),
      );
    }
    request.bearerSecret = secret;
    request.accessLayer = new AccessLayer(database, principal, options);
  });
}

/** The signed-in request's access layer (the only door to data for handlers). */
export function access(request: FastifyRequest): AccessLayer {
  if (!request.accessLayer) throw new HttpError(401, 'unauthorized', 'sign in first');
  return request.accessLayer;
}
