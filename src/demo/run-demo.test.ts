import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.js';
import { normalizePersonName } from '../identity/name.js';
import { parseNik } from '../identity/nik.js';
import { registerCheck } from '../cooperatives/operations-service.js';
import { UserError } from '../shared/errors.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { runDemo, type DemoSummary } from './run-demo.js';

const REFERENCE = new Date('2026-01-31T00:00:00Z');

/** Content of the generated rows without database ids (which move with sequences). */
async function digest(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ digest: string }>`
    SELECT md5(
      (SELECT string_agg(concat_ws('|', h.kk, h.village_code, h.decile, h.pmt_score, p.nik, p.name, p.birth_date, p.relation, p.occupation), ';' ORDER BY p.nik, p.name)
         FROM persons p JOIN households h ON h.id = p.household_id) ||
      (SELECT string_agg(concat_ws('|', program_code, nik, kk, name, village_code, amount, components::text), ';' ORDER BY program_code, nik, name, kk, village_code)
         FROM program_enrolments) ||
      (SELECT string_agg(concat_ws('|', c.registration_no, c.status, m.member_no, m.nik, m.name, m.savings_paid), ';' ORDER BY c.registration_no, m.member_no)
         FROM cooperative_members m JOIN cooperatives c ON c.id = m.cooperative_id)
    ) AS digest`.execute(db);
  return rows[0]!.digest;
}

describe.each(testEngines())('entas demo on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let first: DemoSummary;

  it('is deterministic: the same seed gives the same summary and rows, --replace rebuilds', async () => {
    first = await runDemo(ctx.database, { province: '31', households: 400, seed: 'det' });
    const firstDigest = await digest(ctx.database.db);
    await expect(runDemo(ctx.database, { province: '31', households: 400, seed: 'det' })).rejects.toThrow(
      /demo data for province 31 already exists.*--replace/,
    );
    const again = await runDemo(ctx.database, {
      province: '31',
      households: 400,
      seed: 'det',
      replace: true,
    });
    expect(again).toEqual(first);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(await digest(ctx.database.db)).toBe(firstDigest);
    const other = await runDemo(ctx.database, {
      province: '31',
      households: 400,
      seed: 'other',
      replace: true,
    });
    expect(other).not.toEqual(first);
    const live = await ctx.database.db
      .selectFrom('source_batches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', 'demo')
      .where('reverted_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(live.n)).toBe(7);
  });

  it('gives every cooperative with officers a register in order: the kepala desa is the ex officio ketua pengawas', async () => {
    const coops = await ctx.database.db
      .selectFrom('cooperative_officers')
      .select('cooperative_id')
      .distinct()
      .execute();
    expect(coops.length).toBeGreaterThan(3);
    for (const { cooperative_id } of coops) {
      const check = await registerCheck(ctx.database.db, cooperative_id, '2026-01-31');
      expect(
        check.findings.filter((f) => f.severity === 'error').map((f) => f.message.en),
        `cooperative ${cooperative_id}`,
      ).toEqual([]);
      expect(check.in_order).toBe(true);
      const chair = check.officers.filter((o) => o.position === 'ketua_pengawas');
      expect(chair).toHaveLength(1);
      expect(chair[0]!.exOfficio).toBe(true);
    }
  });

  it('rejects unknown provinces and bad sizes with clear messages', async () => {
    await expect(runDemo(ctx.database, { province: '99' })).rejects.toThrow(UserError);
    await expect(runDemo(ctx.database, { province: '99' })).rejects.toThrow(
      /province 99 is not a known province/,
    );
    await expect(runDemo(ctx.database, { province: 'abc' })).rejects.toThrow(/"abc" is not a province code/);
    await expect(runDemo(ctx.database, { province: '53.01' })).rejects.toThrow(/not a province code/);
    await expect(runDemo(ctx.database, { households: 0 })).rejects.toThrow(
      /--households 0 must be a whole number/,
    );
  });

  it('builds a plausible NTT population on the real villages', async () => {
    const s = await runDemo(ctx.database, { province: '53', households: 700, seed: 'plausible' });
    const db = ctx.database.db;
    expect(s.province_name).toBe('Nusa Tenggara Timur');
    expect(s.households).toBe(700);
    expect(s.persons / s.households).toBeGreaterThan(4);
    expect(s.persons / s.households).toBeLessThan(5);
    // NTT is poor: about a fifth of households in national decile 1, few in decile 10.
    expect(s.deciles['1']! / s.households).toBeGreaterThan(0.14);
    expect(s.deciles['10']! / s.households).toBeLessThan(0.08);

    const persons = await db
      .selectFrom('persons as p')
      .innerJoin('households as h', 'h.id', 'p.household_id')
      .select([
        'p.nik',
        'p.sex',
        'p.birth_date',
        'p.relation',
        'p.name',
        'p.name_normalized',
        'h.village_code',
        'h.decile',
      ])
      .where('h.village_code', 'like', '53.%')
      .execute();
    expect(persons).toHaveLength(s.persons);
    for (const p of persons) {
      const nik = parseNik(p.nik!, {
        referenceDate: REFERENCE,
        birthYearHint: Number(p.birth_date!.slice(0, 4)),
      });
      expect(nik.errors).toEqual([]);
      expect(nik.birth_date).toBe(p.birth_date);
      expect(nik.sex).toBe(p.sex);
      expect(nik.province_code).toBe('53');
      expect(p.relation).toBeGreaterThanOrEqual(1);
      expect(p.relation).toBeLessThanOrEqual(11);
      expect(p.decile).toBeGreaterThanOrEqual(1);
      expect(p.decile).toBeLessThanOrEqual(10);
      expect(p.name_normalized).toBe(normalizePersonName(p.name));
    }
    const { rows: heads } = await sql<{ bad: number }>`
      SELECT count(*)::int AS bad FROM (
        SELECT h.id FROM households h LEFT JOIN persons p ON p.household_id = h.id AND p.relation = 1
        WHERE h.village_code LIKE '53.%' GROUP BY h.id HAVING count(p.id) <> 1) x`.execute(db);
    expect(heads[0]!.bad).toBe(0);

    // One cooperative per real village of the province, named after it.
    const { rows: coops } = await sql<{ n: number; in_village: number; named: number; kinds_ok: number }>`
      SELECT count(*)::int AS n,
             count(r.code)::int AS in_village,
             count(*) FILTER (WHERE c.name LIKE '%Merah Putih ' || r.name)::int AS named,
             count(*) FILTER (WHERE (c.kind = 'kelurahan') = (r.kind = 'kelurahan'))::int AS kinds_ok
      FROM cooperatives c LEFT JOIN regions r ON r.code = c.village_code AND r.level = 4 AND r.code LIKE '53.%'
      WHERE c.village_code LIKE '53.%'`.execute(db);
    expect(coops[0]).toEqual({
      n: s.villages,
      in_village: s.villages,
      named: s.villages,
      kinds_ok: s.villages,
    });
    const { rows: villageCount } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM regions WHERE level = 4 AND code LIKE '53.%'`.execute(db);
    expect(s.villages).toBe(villageCount[0]!.n);

    // Recipients are mostly, not all, in eligible deciles; the poorest are covered best.
    for (const code of ['PKH', 'BPNT']) {
      const p = s.programs[code]!;
      const precision = p.eligible_recipient_households / p.recipient_households;
      expect(precision).toBeGreaterThan(0.75);
      expect(precision).toBeLessThan(1);
      expect(p.eligible_recipient_households / p.eligible_households).toBeGreaterThan(0.25);
      expect(p.eligible_recipient_households).toBeLessThan(p.eligible_households);
    }
    expect(s.programs['PBI-JK']!.rows).toBeGreaterThan(s.programs['PBI-JK']!.recipient_households * 3);
    // Members: few per cooperative, mostly not poor.
    expect(s.members_poor / s.members).toBeLessThan(0.6);
    expect(s.members / s.villages).toBeLessThan(21);
  });

  it('stores source rows as the source wrote them, with the truth beside them', async () => {
    const db = ctx.database.db;
    const { rows } = await sql<{
      table_name: string;
      nik: string | null;
      name: string;
      true_nik: string;
      true_name: string;
      errors: string[];
      linked: number | null;
    }>`
      SELECT t.table_name, e.nik, e.name, p.nik AS true_nik, p.name_normalized AS true_name, t.errors, e.person_id AS linked
        FROM demo_truth t JOIN program_enrolments e ON e.id = t.row_id JOIN persons p ON p.id = t.person_id
       WHERE t.table_name = 'program_enrolments' AND e.village_code LIKE '53.%'
      UNION ALL
      SELECT t.table_name, m.nik, m.name, p.nik, p.name_normalized, t.errors, m.person_id
        FROM demo_truth t JOIN cooperative_members m ON m.id = t.row_id JOIN persons p ON p.id = t.person_id
       WHERE t.table_name = 'cooperative_members' AND p.nik LIKE '53%'`.execute(db);
    expect(rows.length).toBeGreaterThan(1000);
    const count = (kind: string, table: string) =>
      rows.filter((r) => r.table_name === table && r.errors.includes(kind)).length /
      rows.filter((r) => r.table_name === table).length;
    for (const r of rows) {
      expect(r.linked).toBeNull();
      const nikErrors = r.errors.filter((e) => e.startsWith('nik_'));
      if (nikErrors.includes('nik_missing')) expect(r.nik).toBeNull();
      else if (nikErrors.length === 0) expect(r.nik).toBe(r.true_nik);
      else {
        expect(r.nik).not.toBe(r.true_nik);
        expect(r.nik).toHaveLength(16);
      }
      if (!r.errors.some((e) => e.startsWith('name_'))) expect(normalizePersonName(r.name)).toBe(r.true_name);
    }
    // Rates near those configured (bansos lists 3 % missing NIK, member registers 12 %).
    expect(count('nik_missing', 'program_enrolments')).toBeGreaterThan(0.015);
    expect(count('nik_missing', 'program_enrolments')).toBeLessThan(0.05);
    expect(count('nik_missing', 'cooperative_members')).toBeGreaterThan(0.07);
    expect(count('nik_missing', 'cooperative_members')).toBeLessThan(0.18);
    expect(count('name_typo', 'program_enrolments')).toBeGreaterThan(0.01);
    // Every batch knows its rows.
    const batches = await db
      .selectFrom('source_batches')
      .select(['file_name', 'rows_total', 'program_code', 'snapshot_date'])
      .where('source', '=', 'demo')
      .where('reverted_at', 'is', null)
      .where(sql<string>`meta->>'province'`, '=', '53')
      .orderBy('id')
      .execute();
    expect(batches.map((b) => b.file_name)).toEqual([
      'demo/53/dtsen',
      'demo/53/dtsen',
      'demo/53/bansos-bpnt',
      'demo/53/bansos-pbi-jk',
      'demo/53/bansos-pkh',
      'demo/53/cooperatives',
      'demo/53/members',
    ]);
    expect(batches.map((b) => b.snapshot_date).slice(0, 2)).toEqual(['2025-10-31', '2026-01-31']);
  });
});
