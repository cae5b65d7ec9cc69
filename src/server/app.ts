import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { SecretKey } from '../shared/secret-key.js';
import type { Database } from '../db/database.js';
import { installAuthentication } from './authentication.js';
import { installErrorHandler } from './error-handler.js';
import { installNulGuard } from './input-guards.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { batchRoutes } from './routes/batches.js';
import { consentRoutes } from './routes/consents.js';
import { enrolmentRoutes } from './routes/enrolments/index.js';
import { verificationRoutes } from './routes/verification.js';
import { pilotEvaluationRoutes } from './routes/pilot-evaluation.js';
import { pilotRoutes } from './routes/pilots/index.js';
import { coopLedgerRoutes } from './routes/coop-ledger/index.js';
import { coopOperationsRoutes } from './routes/coop-operations/index.js';
import { cooperativeRoutes } from './routes/cooperatives.js';
import { dataProtectionRoutes } from './routes/data-protection.js';
import { dciRoutes } from './routes/dci.js';
import { householdRoutes } from './routes/households.js';
import { importRoutes } from './routes/imports.js';
import { linkageRoutes } from './routes/linkage.js';
import { personRoutes } from './routes/persons.js';
import { policyRoutes } from './routes/policies.js';
import { regionRoutes } from './routes/regions.js';
import { reportRoutes } from './routes/reports.js';
import { indicatorRoutes } from './routes/indicators.js';
import { indicatorTableRoutes } from './routes/indicator-table.js';
import { snapshotTrendRoutes } from './routes/snapshot-trend.js';
import { jobRoutes } from './routes/jobs.js';
import { userRoutes } from './routes/users.js';
import { apiTokenRoutes } from './routes/api-tokens.js';
import { webApp } from './web-app.js';
import { ErrorResponse, idKeyword } from './schemas.js';

export interface AppOptions {
  database: Database;
  /**
   * Structured JSON log (pino) on stderr, or into `stream`: server errors (5xx) with their request id, no
   * per-request lines (URLs can carry identifiers). Off by default for tests; `entas serve` turns it on.
   */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** Allowed browser origins; default from ENTAS_CORS_ORIGINS (comma-separated), none when unset. */
  corsOrigins?: string[];
  /**
   * Requests per signed-in user (per client address before sign-in) per window, on every API route;
   * default ENTAS_RATE_LIMIT per minute, else 1200 a minute; `false` (or ENTAS_RATE_LIMIT=0) turns it off.
   */
  apiRateLimit?: { max: number; timeWindow: string } | false;
  /** Login attempts per client address per window (default 10 a minute). */
  loginRateLimit?: { max: number; timeWindow: string };
  /** The instance's data folder (rejects files live in its `rejects/`, owner-only). */
  dataDir?: string;
  /** Largest accepted import upload in MiB (default 1024). */
  uploadLimitMb?: number;
  /** Trust X-Forwarded-For from a reverse proxy (ENTAS_TRUST_PROXY=1). */
  trustProxy?: boolean;
  /** Key that opens sealed TOTP seeds; default ENTAS_SECRET_KEY or the key file under ENTAS_DATA_DIR. */
  secretKey?: SecretKey;
  /** Folder of the built dashboard (default web/dist). */
  webRoot?: string;
}

/** Every route the app registered (the route-walking test covers each one). */
export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: readonly RegisteredRoute[];
  }
}

const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

export const DEFAULT_API_RATE_LIMIT = 1200;

/** ENTAS_RATE_LIMIT: requests a minute per user; 0 turns the limit off. */
export function apiRateLimitFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { max: number; timeWindow: string } | false {
  const text = env.ENTAS_RATE_LIMIT?.trim();
  const max = text ? Number(text) : DEFAULT_API_RATE_LIMIT;
  if (!Number.isInteger(max) || max < 0) {
    throw new Error(`ENTAS_RATE_LIMIT="${text}": expected requests per minute, a whole number (0 = off)`);
  }
  return max === 0 ? false : { max, timeWindow: '1 minute' };
}

export const DEFAULT_LOGIN_RATE_LIMIT = 10;

/**
 * ENTAS_LOGIN_RATE_LIMIT: sign-in attempts a minute per client address (default 10). An office behind one NAT
 * address, or a browser test suite signing in many users, may need more; the per-account throttle still applies.
 */
export function loginRateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): {
  max: number;
  timeWindow: string;
} {
  const text = env.ENTAS_LOGIN_RATE_LIMIT?.trim();
  const max = text ? Number(text) : DEFAULT_LOGIN_RATE_LIMIT;
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(
      `ENTAS_LOGIN_RATE_LIMIT="${text}": expected sign-in attempts per minute, a whole number ≥ 1`,
    );
  }
  return { max, timeWindow: '1 minute' };
}

/** Health checks and the API description carry no data and must answer load balancers at any rate. */
const UNLIMITED_ROUTES = new Set(['/healthz', '/api/openapi.json']);

export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.ENTAS_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/**
 * Builds the HTTP application. Routes are thin: they get the request's AccessLayer (the only door to data),
 * call one method, and hand the result to a presenter.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { database } = options;
  const app = Fastify({
    logger: options.logger ? { level: 'info', ...(options.logger === true ? {} : options.logger) } : false,
    logController: new LogController({ disableRequestLogging: true }),
    // Unique across restarts and instances, so an id a user reports finds one log line.
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? process.env.ENTAS_TRUST_PROXY === '1',
    ajv: {
      // allowUnionTypes: ids are ['integer', 'string'] (see Id in schemas.ts).
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allowUnionTypes: true,
      },
      plugins: [idKeyword],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routeList: RegisteredRoute[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        routeList.push({ method, url: route.url, public: route.config?.public === true });
    }
  });
  installErrorHandler(app);
  installNulGuard(app);
  // Output encoding: '<', '>' and '&' only occur inside JSON strings, so escaping them keeps the JSON equal
  // while no byte of a hostile name can ever be read as markup, even by a sniffing client.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (typeof payload !== 'string' || !/json/.test(String(reply.getHeader('content-type')))) {
      return done(null, payload);
    }
    done(null, /[<>&]/.test(payload) ? payload.replace(/[<>&]/g, (c) => JSON_ESCAPES[c]!) : payload);
  });
  app.addSchema(ErrorResponse);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  const origins = options.corsOrigins ?? corsOriginsFromEnv();
  await app.register(cors, {
    origin: origins.length > 0 ? origins : false,
    credentials: true,
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Purpose', 'X-Requested-With'],
  });
  await app.register(cookie);
  const uploadLimitBytes = (options.uploadLimitMb ?? 1024) * 1024 * 1024;
  await app.register(multipart, { limits: { files: 1, fields: 10, fileSize: uploadLimitBytes } });
  const apiLimit = options.apiRateLimit ?? apiRateLimitFromEnv();
  // Route-level hooks run after the app-level sign-in hook, so the key is the signed-in user where there is one:
  // 50 clients behind one NAT do not share a budget, and one token cannot escape it by changing address.
  await app.register(rateLimit, {
    global: apiLimit !== false,
    ...(apiLimit === false ? {} : apiLimit),
    keyGenerator: (request) =>
      request.accessLayer ? `user:${request.accessLayer.principal.userId}` : `ip:${request.ip}`,
    allowList: (request) => {
      const url = request.routeOptions.url ?? '';
      return UNLIMITED_ROUTES.has(url) || url.startsWith('/api/docs');
    },
  });
  installAuthentication(app, database, {
    ...(options.dataDir ? { rejectsDir: path.join(options.dataDir, 'rejects') } : {}),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'entas API',
        version: '1',
        description:
          'Scoped, audited access to households, persons, cooperatives and registers. Out-of-scope records ' +
          'answer 404 exactly like absent ones. NIK/KK are masked unless the role has pii:read and the ' +
          'request states a purpose in the X-Purpose header.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => {
    await database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { status: 'ok' };
  });

  await app.register(authRoutes, {
    database,
    loginRateLimit: options.loginRateLimit ?? loginRateLimitFromEnv(),
    ...(options.secretKey ? { secretKey: options.secretKey } : {}),
  });
  await app.register(householdRoutes);
  await app.register(personRoutes);
  await app.register(regionRoutes);
  await app.register(cooperativeRoutes);
  await app.register(coopLedgerRoutes);
  await app.register(coopOperationsRoutes);
  await app.register(batchRoutes);
  await app.register(userRoutes);
  await app.register(apiTokenRoutes);
  await app.register(auditRoutes);
  await app.register(dataProtectionRoutes);
  await app.register(consentRoutes);
  await app.register(pilotRoutes);
  await app.register(pilotEvaluationRoutes);
  await app.register(enrolmentRoutes);
  await app.register(verificationRoutes);
  await app.register(reportRoutes);
  await app.register(indicatorRoutes);
  await app.register(indicatorTableRoutes);
  await app.register(snapshotTrendRoutes);
  await app.register(jobRoutes);
  await app.register(policyRoutes);
  await app.register(importRoutes, { uploadLimitBytes });
  await app.register(dciRoutes);
  await app.register(linkageRoutes);
  await webApp(app, options.webRoot ? { root: options.webRoot } : {});
  await app.ready();
  return app;
}
