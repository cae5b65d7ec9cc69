import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../db/pglite-database.js';
import { openPostgresDatabase } from '../../db/postgres-database.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';
import { entas, lastJson } from '../../testing/cli.js';

describe.each(testEngines())('entas users and audit verify on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => t?.dispose());

  it('adds users with role and scope, lists them, issues and revokes a token, verifies the audit chain', async () => {
    const add = await entas(
      [
        'users',
        'add',
        '--username',
        'rina',
        '--password',
        'Sapi-Lari-Kebun-Hujan-42',
        '--role',
        'pemda_officer',
        '--region',
        '5301',
        '--json',
      ],
      t.env,
    );
    expect(add.stderr).toBe('');
    expect(lastJson(add.stdout)).toMatchObject({
      username: 'rina',
      role: 'pemda_officer',
      regions: ['53.01'],
      disabled: false,
    });
    const admin = await entas(
      [
        'users',
        'add',
        '--username',
        'adm',
        '--password',
        'Sapi-Lari-Kebun-Hujan-42',
        '--role',
        'admin',
        '--json',
      ],
      t.env,
    );
    expect(lastJson(admin.stdout)).toMatchObject({
      role: 'admin',
      totp_enrolled: true,
      totp: { uri: expect.stringMatching(/^otpauth:/) as unknown },
    });
    const bad = await entas(
      [
        'users',
        'add',
        '--username',
        'x',
        '--password',
        'Sapi-Lari-Kebun-Hujan-42',
        '--role',
        'pendamping',
        '--json',
      ],
      t.env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid username "x"/);

    const list = lastJson((await entas(['users', 'list', '--json'], t.env)).stdout) as { username: string }[];
    expect(list.map((u) => u.username)).toEqual(['rina', 'adm']);
    const token = lastJson(
      (await entas(['users', 'token', 'create', '--username', 'rina', '--name', 'sync', '--json'], t.env))
        .stdout,
    ) as { id: number; token: string };
    expect(token.token).toMatch(/^entas_api_/);
    expect(
      lastJson((await entas(['users', 'token', 'revoke', String(token.id), '--json'], t.env)).stdout),
    ).toEqual({ id: token.id, revoked: true });
    expect(lastJson((await entas(['users', 'disable', 'rina', '--json'], t.env)).stdout)).toEqual({
      username: 'rina',
      disabled: true,
    });

    const verify = await entas(['audit', 'verify', '--json'], t.env);
    expect(verify.code).toBe(0);
    // user.create ×2, token.create, token.revoke, user.disable
    expect(lastJson(verify.stdout)).toMatchObject({ ok: true, entries: 5, checkpoints: 1 });
  }, 400_000);

  it('names the first broken entry when the log was tampered with', async () => {
    const database =
      kind === 'pglite'
        ? await openPgliteDatabase(`${t.env.ENTAS_DATA_DIR}/db`)
        : openPostgresDatabase(t.env.DATABASE_URL!);
    try {
      // The table refuses changes (migration 0420); an owner can switch that off, which verify must catch.
      await database.transaction(async (tx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(tx.db);
        await sql`UPDATE audit_log SET actor = 'someone-else' WHERE id = (SELECT min(id) + 2 FROM audit_log)`.execute(
          tx.db,
        );
        await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(tx.db);
      });
    } finally {
      await database.close();
    }
    const verify = await entas(['audit', 'verify', '--json'], t.env);
    expect(verify.code).toBe(1);
    const result = lastJson(verify.stdout) as { ok: boolean; first_broken: { id: number; reason: string } };
    expect(result.ok).toBe(false);
    expect(result.first_broken.reason).toMatch(/altered/);
  }, 120_000);
});
