import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';

export interface AppOptions {
  database: Database;
  logger?: boolean;
}

/** Builds the HTTP application. Routes are thin: they hand off to services, which go through repositories. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });
  app.get('/healthz', async () => {
    await options.database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { status: 'ok' };
  });
  await app.ready();
  return app;
}
