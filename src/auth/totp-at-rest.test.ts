import fs from 'node:fs';
import { localActor } from '../audit/access-audit.js';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { login } from './login-service.js';
import { isSealed, open, seal } from './sealed-secret.js';
import { loadSecretKey, parseSecretKey } from '../shared/secret-key.js';
import { currentTotp } from './totp.js';
import { openTotpSecret, sealClearTotpSecrets } from './totp-at-rest.js';
import { createUser } from './user-service.js';

const keyA = parseSecretKey('a1'.repeat(32), 'test A');
const keyB = parseSecretKey('b2'.repeat(32), 'test B');

describe('sealed secrets (AES-256-GCM)', () => {
  it('opens with the same key and context only; every seal uses a fresh nonce', () => {
    const sealed = seal(keyA, 'JBSWY3DPEHPK3PXP', 'users.totp_secret:root');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(seal(keyA, 'JBSWY3DPEHPK3PXP', 'users.totp_secret:root')).not.toBe(sealed);
    expect(open(keyA, sealed, 'users.totp_secret:root')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => open(keyB, sealed, 'users.totp_secret:root')).toThrow(
      /does not open with the key from test B/,
    );
    expect(() => open(keyA, sealed, 'users.totp_secret:other')).toThrow(/does not open/);
    // One bit of the authentication tag flipped (in the bytes: editing a base64 character can leave them as
    // they were, when it is already the replacement or only changes unused trailing bits).
    const raw = Buffer.from(sealed.slice('v1:'.length), 'base64url');
    raw[raw.length - 1]! ^= 1;
    const flipped = 'v1:' + raw.toString('base64url');
    expect(flipped).not.toBe(sealed);
    expect(() => open(keyA, flipped, 'users.totp_secret:root')).toThrow(/does not open/);
  });

  it('rejects keys that are not 256 bits', () => {
    expect(() => parseSecretKey('abcd', 'ENTAS_SECRET_KEY')).toThrow(
      /ENTAS_SECRET_KEY: expected a 256-bit key/,
    );
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64'), 'x').key).toEqual(Buffer.alloc(32, 7));
  });

  it('without ENTAS_SECRET_KEY creates a 0600 key file under the data folder once and reuses it', () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'entas-key-')), 'data');
    const first = loadSecretKey({ dataDir }, {});
    const file = path.join(dataDir, 'secret.key');
    expect(first.source).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ dataDir }, {}).key).toEqual(first.key);
    expect(loadSecretKey({ dataDir }, { ENTAS_SECRET_KEY: 'a1'.repeat(32) }).key).toEqual(keyA.key);
    fs.chmodSync(file, 0o644);
    expect(() => loadSecretKey({ dataDir }, {})).toThrow(/permissions 644 let other users read the key/);
  });
});

describe.each(testEngines())('TOTP seeds at rest on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const password = 'a long passphrase: ungu pintu 93';

  /** Every text the database holds about users and in the audit log, to search for a clear seed. */
  const everything = async () => {
    const rows = await sql<{ t: string }>`
      SELECT (SELECT coalesce(string_agg(row_to_json(u)::text, ''), '') FROM users u)
          || (SELECT coalesce(string_agg(row_to_json(a)::text, ''), '') FROM audit_log a) AS t`.execute(
      ctx.database.db,
    );
    return rows.rows[0]!.t;
  };

  it('a new administrator’s seed is stored sealed, never in clear, and still signs in', async () => {
    const { totp } = await createUser(
      ctx.database,
      { username: 'root', password, role: 'admin' },
      localActor('test'),
      keyA,
    );
    const seed = totp!.secret;
    const stored = await ctx.database.db
      .selectFrom('users')
      .select('totp_secret')
      .where('username', '=', 'root')
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(await everything()).not.toContain(seed);
    expect(openTotpSecret('root', stored.totp_secret!, keyA)).toBe(seed);
    const ok = await login(
      ctx.database,
      { username: 'root', password, totp: await currentTotp(seed) },
      null,
      keyA,
    );
    expect(ok.ok).toBe(true);
    // The wrong server key is an operator error, not a failed guess: it is reported, not hidden as a 401.
    await expect(
      login(ctx.database, { username: 'root', password, totp: await currentTotp(seed) }, null, keyB),
    ).rejects.toThrow(/does not open with the key from test B/);
  });

  it('seals seeds left in clear by older versions, once, with an audit entry', async () => {
    const seed = 'KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD';
    await createUser(ctx.database, { username: 'legacy', password, role: 'admin' }, localActor('test'), keyA);
    await ctx.database.db
      .updateTable('users')
      .set({ totp_secret: seed })
      .where('username', '=', 'legacy')
      .execute();
    // Still usable before the sweep (a server that has not restarted yet).
    const before = await login(
      ctx.database,
      { username: 'legacy', password, totp: await currentTotp(seed) },
      null,
      keyA,
    );
    expect(before.ok).toBe(true);
    expect(await sealClearTotpSecrets(ctx.database, () => keyA)).toBe(1);
    expect(await sealClearTotpSecrets(ctx.database, () => keyA)).toBe(0);
    expect(await everything()).not.toContain(seed);
    // The next step's code: the one used above is spent (a code works once).
    const after = await login(
      ctx.database,
      { username: 'legacy', password, totp: await currentTotp(seed, 1) },
      null,
      keyA,
    );
    expect(after.ok).toBe(true);
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'security.totp_sealed')
      .execute();
    expect(audit).toEqual([
      {
        actor: 'system',
        details: { users: 1, key_source: 'file', role: 'system', identifiers_revealed: false },
      },
    ]);
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
  });
});
