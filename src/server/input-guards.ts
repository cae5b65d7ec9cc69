import type { FastifyInstance } from 'fastify';
import { say } from '../shared/errors.js';
import { HttpError } from './error-handler.js';

/** Where a NUL character sits in a parsed value (`body.evidence`, `querystring.actor`), or null. */
export function nulPath(value: unknown, at: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${at}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${at}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL (U+0000): a query with one fails inside the driver and used to answer 500.
 * One hook for every route refuses NUL in any text of the path, query or JSON body before validation, with a
 * 400 naming the field.
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const found =
      nulPath(request.params, 'params') ??
      nulPath(request.query, 'querystring') ??
      nulPath(request.body, 'body');
    if (!found) return done();
    done(
      new HttpError(
        400,
        'invalid_input',
        say(
          `${found}: contains a NUL character (\\u0000), which text may not hold`,
          `${found}: berisi karakter NUL (\\u0000), yang tidak boleh ada dalam teks`,
        ),
      ),
    );
  });
}
