import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-handler.js';

/** The repository root: the folder above this file that holds package.json (from src/ or dist/src/). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('entas: package.json not found above the server code');
    dir = parent;
  }
  return dir;
}

/** Where `npm run web:build` writes the dashboard bundle. */
export const WEB_DIST = path.join(packageRoot(), 'web', 'dist');

const NOT_BUILT =
  '<!doctype html><html lang="id"><meta charset="utf-8"><title>entas</title>' +
  '<p>Dasbor web belum dibangun: jalankan <code>npm run web:build</code>. ' +
  '(The web dashboard is not built: run <code>npm run web:build</code>.)</p></html>';

/**
 * Serves the dashboard (web/dist) at `/`: hashed assets with a year's cache, and index.html for every other
 * path outside /api so that the browser's own routes reload. Public: the bundle holds no data; every datum
 * it shows comes through the API and its access layer.
 */
export async function webApp(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? WEB_DIST;
  await app.register(fastifyStatic, { root, serve: false, index: false });
  const built = () => fs.existsSync(path.join(root, 'index.html'));
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/')) {
      return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${url}`));
    }
    if (url.startsWith('/assets/')) {
      return reply.sendFile(url.slice(1), root, { immutable: true, maxAge: '365d' });
    }
    if (!built()) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  });
}
