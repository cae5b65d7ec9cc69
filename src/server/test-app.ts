import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database, DatabaseKind } from '../db/database.js';
import type { Role } from '../shared/roles.js';
import { useTestDatabase } from '../testing/test-database.js';
import { buildApp, type AppOptions } from './app.js';
import { buildFixture, tokenFor, type Fixture } from './test-fixtures.js';

export interface TestUserScope {
  regions?: string[];
  cooperativeId?: number;
}

/** An API under test: its own database with the two-world fixture, the app, and users made on demand. */
export interface TestApp {
  readonly database: Database;
  readonly app: FastifyInstance;
  readonly fx: Fixture;
  /** A bearer token for a new user of this role and scope (username defaults to role plus a counter). */
  token(role: Role, scope?: TestUserScope, username?: string): Promise<string>;
  /** As `token`, with the new user's id. */
  user(role: Role, scope?: TestUserScope, username?: string): Promise<{ token: string; userId: number }>;
  /** A request with the token as bearer (and the purpose as X-Purpose when given). */
  request(
    token: string,
    options: Omit<InjectOptions, 'headers'> & { purpose?: string; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** GET that expects `status` (200 by default) and returns the JSON body. */
  get<T>(url: string, token: string, status?: number): Promise<T>;
}

/**
 * The API set-up every HTTP test repeats: a migrated database, `buildFixture`, `buildApp`, closed after the file.
 * `setup` runs after the fixture and before the app is built (extra rows, consents); `timeout` is that hook's
 * (vitest's hookTimeout when unset).
 */
export function useTestApp(
  kind: DatabaseKind,
  options: {
    app?: Omit<AppOptions, 'database'>;
    setup?: (database: Database, fx: Fixture) => Promise<void>;
    timeout?: number;
  } = {},
): TestApp {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance | undefined;
  let fx: Fixture | undefined;
  let users = 0;
  beforeAll(async () => {
    fx = await buildFixture(ctx.database);
    await options.setup?.(ctx.database, fx);
    app = await buildApp({ ...options.app, database: ctx.database });
  }, options.timeout);
  afterAll(async () => app?.close());
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useTestApp: ${what} is used before beforeAll ran`);
    return value;
  };
  const testApp: TestApp = {
    get database() {
      return ctx.database;
    },
    get app() {
      return ready(app, 'app');
    },
    get fx() {
      return ready(fx, 'fx');
    },
    async token(role, scope = {}, username) {
      return (await testApp.user(role, scope, username)).token;
    },
    user(role, scope = {}, username) {
      users += 1;
      return tokenFor(ctx.database, username ?? `${role}-${users}`, role, scope);
    },
    request(token, { purpose, headers, ...rest }) {
      return testApp.app.inject({
        ...rest,
        headers: {
          authorization: `Bearer ${token}`,
          ...(purpose === undefined ? {} : { 'x-purpose': purpose }),
          ...headers,
        },
      });
    },
    async get<T>(url: string, token: string, status = 200): Promise<T> {
      const res = await testApp.request(token, { url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
      return res.json<T>();
    },
  };
  return testApp;
}
