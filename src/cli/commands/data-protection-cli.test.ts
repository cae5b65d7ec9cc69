import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';
import { provinceCode } from '../../regions/region-code.js';
import { householdProvince } from '../../testing/builders.js';

describe.each(testEngines())('entas consent, retention and sealed TOTP secrets on %s', (kind) => {
  let t: TestDatabase;
  let householdId = 0;
  let personId = 0;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const database = await t.open();
    try {
      const village = await database.db
        .selectFrom('regions')
        .select('code')
        .where('level', '=', 4)
        .where('code', 'like', '53.01.%')
        .orderBy('code')
        .limit(1)
        .executeTakeFirstOrThrow();
      const household = await database.db
        .insertInto('households')
        .values({
          province_code: provinceCode(village.code),
          kk: '5301010101000001',
          village_code: village.code,
          decile: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const person = await database.db
        .insertInto('persons')
        .values({
          province_code: provinceCode(village.code),
          household_id: household.id,
          name: 'Siti',
          name_normalized: 'SITI',
          relation: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      householdId = household.id;
      personId = person.id;
    } finally {
      await database.close();
    }
  });
  afterAll(async () => t?.dispose());

  it('records, withdraws and lists consent with --json; errors name the flag', async () => {
    const given = await entas(
      [
        'consent',
        'record',
        '--household',
        String(householdId),
        '--purpose',
        'data_sharing_dci',
        '--method',
        'written',
        '--evidence',
        'F-1',
        '--json',
      ],
      t.env,
    );
    expect(given.stderr).toBe('');
    expect(lastJson(given.stdout)).toMatchObject({
      household_id: householdId,
      person_id: null,
      status: 'given',
      evidence_ref: 'F-1',
      recorded_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      note: null,
    });
    const withdrawn = await entas(
      [
        'consent',
        'withdraw',
        '--household',
        String(householdId),
        '--person',
        String(personId),
        '--purpose',
        'data_sharing_dci',
        '--method',
        'digital',
        '--json',
      ],
      t.env,
    );
    expect(lastJson(withdrawn.stdout)).toMatchObject({ person_id: personId, status: 'withdrawn' });
    const list = await entas(
      ['consent', 'list', '--household', String(householdId), '--purpose', 'checking a complaint', '--json'],
      t.env,
    );
    expect(lastJson(list.stdout)).toMatchObject({
      household_id: householdId,
      purposes: [{ purpose: 'data_sharing_dci', has_consent: false, current: [{}, {}] }],
    });
    const explained = await entas(['explain', String(householdId), '--json'], t.env);
    expect(explained.code).toBe(0);
    // CLI reads of personal data go through the same audit function as the API, as the local operator.
    const database = await t.open();
    try {
      const reads = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', 'in', ['consent.list', 'household.explain'])
        .orderBy('id')
        .execute();
      expect(reads.map((r) => [r.action, r.origin, r.purpose, r.subject_id])).toEqual([
        ['consent.list', 'cli', 'checking a complaint', String(householdId)],
        ['household.explain', 'cli', null, String(householdId)],
      ]);
      for (const r of reads) {
        expect(r.actor).toMatch(/^cli:/);
        expect(r.details).toMatchObject({ role: 'local_operator', identifiers_revealed: false });
      }
    } finally {
      await database.close();
    }
    const bad = await entas(
      ['consent', 'record', '--household', String(householdId), '--purpose', 'spam', '--method', 'written'],
      t.env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^entas: unknown consent purpose "spam"/);
    const badMethod = await entas(
      ['consent', 'record', '--household', 'x', '--purpose', 'linkage', '--method', 'fax'],
      t.env,
    );
    expect(badMethod.stderr).toMatch(/invalid --method "fax"/);
  }, 240_000);

  it('a child’s consent needs --guardian-name and --guardian-relation; thumbprint is a method', async () => {
    const database = await t.open();
    let childId = 0;
    try {
      childId = (
        await database.db
          .insertInto('persons')
          .values({
            province_code: await householdProvince(database.db, householdId),
            household_id: householdId,
            name: 'Rina',
            name_normalized: 'RINA',
            relation: 3,
            birth_date: '2015-01-10',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } finally {
      await database.close();
    }
    const args = [
      'consent',
      'record',
      '--household',
      String(householdId),
      '--person',
      String(childId),
      '--purpose',
      'cooperative_enrolment',
      '--method',
      'thumbprint',
      '--decided-at',
      '2026-03-01T09:00:00+07:00',
    ];
    const refused = await entas([...args, '--json'], { ...t.env, ENTAS_LANG: 'en' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /aged 11 on 2026-03-01: a child’s consent must be given by a parent or guardian/,
    );
    const given = await entas(
      [...args, '--guardian-name', 'Siti', '--guardian-relation', 'ibu', '--json'],
      t.env,
    );
    expect(given.stderr).toBe('');
    expect(lastJson(given.stdout)).toMatchObject({
      person_id: childId,
      method: 'thumbprint',
      guardian_name: 'Siti',
      guardian_relation: 'ibu',
    });
  }, 240_000);

  it('retention: rules, a dry run with --json, and a period that is refused', async () => {
    const dry = await entas(['retention', 'run', '--dry-run', '--json'], t.env);
    expect(dry.stderr).toBe('');
    const report = lastJson(dry.stdout) as { dry_run: boolean; rules: { category: string; due: number }[] };
    expect(report.dry_run).toBe(true);
    expect(report.rules.map((r) => r.category)).toEqual([
      'rejects_files',
      'intake_warnings',
      'sessions',
      'departed_households',
      'audit_log',
      'consent_records',
    ]);
    const refused = await entas(['retention', 'set', 'audit_log', '--days', '30'], t.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^entas: audit_log is never removed/);
    const hold = await entas(
      ['retention', 'hold', '--household', String(householdId), '--reason', 'perkara 1/2026', '--json'],
      t.env,
    );
    expect(lastJson(hold.stdout)).toMatchObject({ household_id: householdId });
  }, 240_000);

  it('without ENTAS_SECRET_KEY, `users add` creates a 0600 key file and stores the admin seed sealed', async () => {
    const dataDir =
      kind === 'pglite' ? t.env.ENTAS_DATA_DIR! : fs.mkdtempSync(path.join(os.tmpdir(), 'entas-k-'));
    const env = { ...t.env, ENTAS_DATA_DIR: dataDir, ENTAS_SECRET_KEY: '' };
    const add = await entas(
      [
        'users',
        'add',
        '--username',
        'dpo',
        '--password',
        'Sapi-Lari-Kebun-Hujan-42',
        '--role',
        'admin',
        '--json',
      ],
      env,
    );
    const { totp } = lastJson(add.stdout) as { totp: { secret: string } };
    const keyFile = path.join(dataDir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const database = await t.open();
    try {
      const row = await database.db
        .selectFrom('users')
        .select('totp_secret')
        .where('username', '=', 'dpo')
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).toMatch(/^v1:/);
      expect(row.totp_secret).not.toContain(totp.secret);
    } finally {
      await database.close();
    }
  }, 240_000);
});
