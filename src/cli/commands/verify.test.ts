import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';
import { provinceCode } from '../../regions/region-code.js';

describe.each(testEngines())('entas verify on %s', (kind) => {
  let t: TestDatabase;
  let householdId = 0;
  let childId = 0;
  let village = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-verify-'));
  const KK = '5301010101000001';

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const database = await t.open();
    try {
      village = (
        await database.db
          .selectFrom('regions')
          .select('code')
          .where('level', '=', 4)
          .where('code', 'like', '53.01.%')
          .orderBy('code')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).code;
      const household = await database.db
        .insertInto('households')
        .values({ province_code: provinceCode(village), kk: KK, village_code: village, decile: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      householdId = household.id;
      await database.db
        .insertInto('persons')
        .values({
          province_code: provinceCode(village),
          household_id: householdId,
          name: 'Siti',
          name_normalized: 'siti',
          relation: 1,
        })
        .execute();
      childId = (
        await database.db
          .insertInto('persons')
          .values({
            province_code: provinceCode(village),
            household_id: householdId,
            name: 'Yakob',
            name_normalized: 'yakob',
            relation: 4,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t?.dispose();
  });

  it('proposes, refuses one’s own review, accepts under another operator, lists and exports', async () => {
    const help = await entas(['verify', 'propose', '--help'], t.env);
    expect(help.stdout).toMatch(/--evidence/);
    const proposed = await entas(
      [
        'verify',
        'propose',
        '--household',
        String(householdId),
        '--person',
        String(childId),
        '--kind',
        'deceased',
        '--set',
        'deceased_on=2026-03-02',
        '--evidence',
        'surat kematian desa',
        '--document',
        'foto-1.jpg',
        '--json',
      ],
      { ...t.env, USER: 'pendamping-a' },
    );
    expect(proposed.code, proposed.stderr).toBe(0);
    const proposal = lastJson(proposed.stdout) as { id: number; status: string; documents: string[] };
    expect(proposal).toMatchObject({ status: 'proposed', documents: ['foto-1.jpg'] });
    const bad = await entas(
      [
        'verify',
        'propose',
        '--household',
        String(householdId),
        '--kind',
        'decile_wrong',
        '--set',
        'claimed_decile=12',
        '--evidence',
        'rumah bagus',
      ],
      { ...t.env, ENTAS_LANG: 'id' },
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/proposed\.claimed_decile: harus bilangan bulat 1 sampai 10/);
    const review = [
      'verify',
      'review',
      '--proposal',
      String(proposal.id),
      '--decision',
      'accept',
      '--reason',
      'sesuai musdes',
    ];
    const own = await entas(review, { ...t.env, USER: 'pendamping-a' });
    expect(own.code).not.toBe(0);
    expect(own.stderr).toMatch(/someone else must review it/);
    const accepted = await entas([...review, '--deliberation-ref', 'BA-1', '--json'], {
      ...t.env,
      USER: 'dinsos',
    });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(lastJson(accepted.stdout)).toMatchObject({
      status: 'accepted',
      reviewed_by: 'cli:dinsos',
      deliberation_ref: 'BA-1',
    });
    const listed = await entas(['verify', 'list', '--region', village, '--status', 'accepted'], {
      ...t.env,
      ENTAS_LANG: 'id',
    });
    expect(listed.stdout).toMatch(/meninggal\tditerima/);
    expect(listed.stdout).toMatch(/1 usulan/);
    const masked = path.join(dir, 'masked.csv');
    const exported = await entas(['verify', 'export', '--out', masked, '--json'], t.env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(lastJson(exported.stdout)).toEqual({ rows: 1, file: masked, identifiers_revealed: false });
    const lines = fs
      .readFileSync(masked, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith('id_usulan,kode_provinsi')).toBe(true);
    expect(lines[1]).toContain('MENINGGAL');
    expect(lines[1]).not.toContain(KK);
    const full = path.join(dir, 'full.xlsx');
    const revealed = await entas(
      ['verify', 'export', '--out', full, '--purpose', 'kirim ke BPS', '--json'],
      t.env,
    );
    expect(lastJson(revealed.stdout)).toMatchObject({ rows: 1, identifiers_revealed: true });
    expect(fs.statSync(full).size).toBeGreaterThan(1000);
  }, 300_000);
});
