import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLE_DEFINITIONS } from '../../shared/roles.js';
import { login, LOGIN_POLICY } from '../../auth/login-service.js';
import type { SecretKey } from '../../shared/secret-key.js';
import type { Database } from '../../db/database.js';
import { access, SESSION_COOKIE } from '../authentication.js';
import { errorBody } from '../error-handler.js';
import { Nullable, protectedErrors } from '../schemas.js';
import { say } from '../../shared/errors.js';

export interface AuthRouteOptions {
  database: Database;
  loginRateLimit: { max: number; timeWindow: string };
  secretKey?: SecretKey;
}

/** One answer for every failure: it must not tell which factor was wrong, nor whether the user exists. */
const BAD_CREDENTIALS = say(
  'wrong username, password or code (administrators also give a TOTP code in the field "totp")',
  'Nama pengguna, kata sandi atau kode salah (administrator juga mengisi kode TOTP pada kolom "totp").',
);

/** Sign-in is the one place that needs the database directly: there is no principal yet. */
export const authRoutes: FastifyPluginCallbackTypebox<AuthRouteOptions> = (app, options, done) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true, rateLimit: options.loginRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: returns a bearer token and sets an HTTP-only session cookie',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 100 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
          totp: Type.Optional(Type.String({ maxLength: 10 })),
        }),
        response: {
          200: Type.Object({
            token: Type.String(),
            expires_at: Nullable(Type.String({ format: 'date-time' })),
            username: Type.String(),
            role: Type.String(),
          }),
          400: Type.Ref('ErrorResponse'),
          401: Type.Ref('ErrorResponse'),
          429: Type.Ref('ErrorResponse'),
        },
      },
    },
    async (request, reply) => {
      const result = await login(options.database, request.body, request.ip, options.secretKey);
      if (!result.ok) {
        if (result.retryAfterSeconds) void reply.header('retry-after', String(result.retryAfterSeconds));
        return reply.code(401).send(errorBody('bad_credentials', BAD_CREDENTIALS.en, BAD_CREDENTIALS.id));
      }
      void reply.setCookie(SESSION_COOKIE, result.session.token, {
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
        path: '/',
        maxAge: LOGIN_POLICY.sessionHours * 3600,
      });
      return {
        token: result.session.token,
        expires_at: result.session.expiresAt?.toISOString() ?? null,
        username: result.username,
        role: result.role,
      };
    },
  );
  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], response: { 204: Type.Null(), ...protectedErrors } } },
    async (request, reply) => {
      await access(request).users.signOut(request.bearerSecret!);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who am I: role, permissions and scope',
        response: {
          200: Type.Object({
            username: Type.String(),
            role: Type.String(),
            permissions: Type.Array(Type.String()),
            scope: Type.Object({
              kind: Type.String(),
              regions: Type.Optional(Type.Array(Type.String())),
              cooperative_id: Type.Optional(Type.Integer()),
            }),
          }),
          ...protectedErrors,
        },
      },
    },
    (request) => {
      const p = access(request).principal;
      return {
        username: p.username,
        role: p.role,
        permissions: [...ROLE_DEFINITIONS[p.role].permissions],
        scope:
          p.scope.kind === 'regions'
            ? { kind: 'regions', regions: [...p.scope.codes] }
            : p.scope.kind === 'cooperative'
              ? { kind: 'cooperative', cooperative_id: p.scope.cooperativeId }
              : { kind: 'national' },
      };
    },
  );
  done();
};
