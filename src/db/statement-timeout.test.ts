import Fastify from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { installErrorHandler } from '../server/error-handler.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { StatementTimeoutError, withStatementTimeout } from './statement-timeout.js';

describe.each(testEngines())('report statement timeout on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('returns the work result when it finishes in time', async () => {
    const value = await withStatementTimeout(ctx.database, 5_000, async (db) => {
      const { rows } = await sql<{ n: number }>`SELECT 41 + 1 AS n`.execute(db);
      return rows[0]!.n;
    });
    expect(value).toBe(42);
  });

  it.runIf(kind === 'postgres')(
    'cancels a statement running past the limit with a timeout error',
    async () => {
      const attempt = withStatementTimeout(ctx.database, 200, (db) => sql`SELECT pg_sleep(5)`.execute(db));
      await expect(attempt).rejects.toBeInstanceOf(StatementTimeoutError);
      await expect(attempt).rejects.toMatchObject({
        code: 'timeout',
        messageId: expect.stringMatching(/detik/) as unknown,
      });
      // The connection went back to the pool usable, without the limit.
      const { rows } = await sql<{ t: string }>`SELECT current_setting('statement_timeout') AS t`.execute(
        ctx.database.db,
      );
      expect(rows[0]!.t).toBe('0');
    },
  );
});

describe('the API answer to a statement timeout', () => {
  it('is 503 with code timeout in both languages', async () => {
    const app = Fastify();
    installErrorHandler(app);
    app.get('/slow', () => {
      throw new StatementTimeoutError(60_000);
    });
    const response = await app.inject({ method: 'GET', url: '/slow' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: {
        code: 'timeout',
        message: expect.stringMatching(/longer than 60 s/) as unknown,
        message_id: expect.stringMatching(/melebihi 60 detik/) as unknown,
      },
    });
    await app.close();
  });
});
