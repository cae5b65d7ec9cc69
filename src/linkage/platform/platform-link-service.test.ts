import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run-demo.js';
import { testEngines, useTestDatabase } from '../../testing/test-database.js';
import { LinkageRepository } from '../storage/linkage-repository.js';
import { linkPlatform } from './platform-link-service.js';
import { buildBatch, buildFamily, buildRecipient } from './test-builders.js';

const VILLAGE = '53.01.05.2003';

describe.each(testEngines())('platform linkage (entas link run) on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let firstRun: number | null = null;
  const db = () => ctx.database.db;
  const link = () => linkPlatform(ctx.database, { source: 'all', actor: 'test' });
  const entities = async () =>
    new Map(
      (await db().selectFrom('persons').select(['id', 'entity_id']).execute()).map((p) => [
        Number(p.id),
        p.entity_id,
      ]),
    );

  it('links demo recipients and members to persons, households and entity keys, and records the run', async () => {
    await runDemo(ctx.database, { province: '53', households: 300, seed: 'link' });
    const s = await link();
    expect(s.run_id).not.toBeNull();
    expect(s.model_from_run).toBeNull();
    firstRun = s.run_id;
    const rows = Number(s.compared.program_enrolments) + Number(s.compared.cooperative_members);
    expect(rows).toBeGreaterThan(500);
    // Demo rows carry injected errors; demo_truth knows who they really are.
    expect(s.quality).not.toBeNull();
    expect(s.quality!.rows).toBe(rows);
    expect(s.quality!.precision).toBeGreaterThan(0.98);
    expect(s.quality!.recall).toBeGreaterThan(0.95);
    expect(s.new_entities).toBe(s.persons);
    expect(Number(s.linked.program_enrolments) + Number(s.linked.cooperative_members)).toBe(
      rows - s.unlinked,
    );

    // The household comes through the person; the row joins the person's entity. (The persons are read first:
    // on Citus a row and its person may sit on two shards.)
    const { rows: wrong } = await sql<{ n: number }>`
      WITH p AS MATERIALIZED (SELECT id, household_id, entity_id FROM persons)
      SELECT count(*)::int AS n FROM (
        SELECT e.household_id, p.household_id AS ph, r.entity_id, p.entity_id AS pe
          FROM program_enrolments e JOIN p ON p.id = e.person_id
          JOIN linkage_entity_records r ON r.record_table = 'program_enrolments' AND r.record_id = e.id
        UNION ALL
        SELECT m.household_id, p.household_id, r.entity_id, p.entity_id
          FROM cooperative_members m JOIN p ON p.id = m.person_id
          JOIN linkage_entity_records r ON r.record_table = 'cooperative_members' AND r.record_id = m.id
      ) x WHERE x.household_id IS DISTINCT FROM x.ph OR x.entity_id <> x.pe`.execute(db());
    expect(wrong[0]!.n).toBe(0);
    const records = await db()
      .selectFrom('linkage_entity_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('run_id', '=', s.run_id)
      .executeTakeFirstOrThrow();
    // Every record has an entity key: persons, linked rows, and unlinked rows (keys of their own).
    expect(Number(records.n)).toBe(s.persons + rows);
    expect(s.unlinked_entities > 0).toBe(s.unlinked > 0);
    expect(s.unlinked_entities).toBeLessThanOrEqual(s.unlinked);

    const run = await db()
      .selectFrom('linkage_runs')
      .selectAll()
      .where('id', '=', s.run_id)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'link', left_source: 'persons', review: s.review, run_by: 'test' });
    expect(Number(run.matches)).toBe(rows - s.unlinked);
    const model = run.model as { prior: number; fields: { label: string; m: number[]; u: number[] }[] };
    expect(model.fields.map((f) => f.label)).toContain('nik');
    expect(model.prior).toBeGreaterThan(0);
    expect(run.quality).toMatchObject({ f1: s.quality!.f1 });
    expect(run.settings).toMatchObject({ source: 'all', incremental: true });
    const queued = await new LinkageRepository(db()).openReview(s.run_id!);
    expect(queued).toHaveLength(s.review);
    expect((await new LinkageRepository(db()).runs(10)).map((r) => r.id)).toEqual([s.run_id]);
  });

  it('a second run after a new batch compares only rows not linked yet; entity keys stay', async () => {
    const before = await entities();
    const unlinked = async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM program_enrolments WHERE person_id IS NULL)
             + (SELECT count(*) FROM cooperative_members WHERE person_id IS NULL) AS n`.execute(db());
      return Number(rows[0]!.n);
    };
    const leftOver = await unlinked();
    const batch = await buildBatch(db(), 'bansos');
    const family = await buildFamily(db(), {
      kk: '5301050101260001',
      village: VILLAGE,
      batchId: batch,
      members: [
        { nik: '5301051203800001', name: 'Yohanes Benu', birthDate: '1980-03-12', sex: 'L' },
        { nik: '5301055506850001', name: 'Maria Goreti Benu', birthDate: '1985-06-15', sex: 'P' },
      ],
    });
    // The same people as a bansos list writes them: a title and a missing NIK found through the No. KK.
    const [yohanes, maria] = family.personIds as [number, number];
    const r1 = await buildRecipient(db(), {
      nik: '5301051203800001',
      name: 'Bpk. Yohanes Benu',
      kk: '5301050101260001',
      village: VILLAGE,
      batchId: batch,
    });
    const r2 = await buildRecipient(db(), {
      nik: null,
      name: 'MARIA GORETTI BENU',
      kk: '5301050101260001',
      village: VILLAGE,
      batchId: batch,
    });

    // No NIK, no KK and a typo in the first name: only the second look within the village finds him.
    const r3 = await buildRecipient(db(), {
      nik: null,
      name: 'Yohanez Benu',
      village: VILLAGE,
      batchId: batch,
    });

    const s = await link();
    expect(Number(s.compared.program_enrolments) + Number(s.compared.cooperative_members)).toBe(leftOver + 3);
    expect(s.residual_pass!.rows).toBeGreaterThanOrEqual(1);
    expect(s.new_entities).toBe(2);
    expect(s.unlinked_entities).toBe(0);
    // Two rows are too few for EM: the run scores with the first run's m/u.
    expect(s.model_from_run).toBe(firstRun);
    const rows = await db()
      .selectFrom('program_enrolments')
      .select(['id', 'person_id', 'household_id'])
      .where('id', 'in', [r1, r2, r3])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [Number(r.person_id), Number(r.household_id)])).toEqual([
      [yohanes, family.householdId],
      [maria, family.householdId],
      [yohanes, family.householdId],
    ]);
    const after = await entities();
    for (const [id, entity] of before) expect(after.get(id)).toBe(entity);
    expect(after.get(yohanes)).not.toBeNull();
    expect(after.get(yohanes)).not.toBe(after.get(maria));

    // Nothing new: a third run compares only what is still unlinked.
    const again = await link();
    expect(Number(again.compared.program_enrolments) + Number(again.compared.cooperative_members)).toBe(
      await unlinked(),
    );
    expect(again.new_entities).toBe(0);
  });

  it('review decisions override the model: a rejected pair never links, an accepted pair always does', async () => {
    const batch = await buildBatch(db(), 'bansos');
    const family = await buildFamily(db(), {
      kk: '5301050202260002',
      village: VILLAGE,
      batchId: batch,
      members: [
        { nik: '5301052007700003', name: 'Petrus Ndolu', birthDate: '1970-07-20', sex: 'L' },
        { nik: '5301056408720003', name: 'Sarlota Ndolu', birthDate: '1972-08-24', sex: 'P' },
      ],
    });
    const [petrus, sarlota] = family.personIds as [number, number];
    // An exact copy of Petrus, which the model links with certainty …
    const rejected = await buildRecipient(db(), {
      nik: '5301052007700003',
      name: 'Petrus Ndolu',
      kk: '5301050202260002',
      village: VILLAGE,
      batchId: batch,
    });
    // … and a row the model cannot place (a nickname, no NIK, no KK, another district).
    const accepted = await buildRecipient(db(), {
      nik: null,
      name: 'Mama Lota',
      village: '53.02.01.1002',
      batchId: batch,
    });
    const decisions = new LinkageRepository(db());
    await decisions.decide({
      leftKey: `person:${petrus}`,
      rightKey: `enrolment:${rejected}`,
      decision: 'non_match',
      decidedBy: 'clerk',
    });
    await decisions.decide({
      leftKey: `person:${sarlota}`,
      rightKey: `enrolment:${accepted}`,
      decision: 'match',
      decidedBy: 'clerk',
      note: 'KTP seen on visit',
    });

    const s = await link();
    expect(s.linked_by_review).toBe(1);
    const rows = await db()
      .selectFrom('program_enrolments')
      .select(['id', 'person_id', 'household_id'])
      .where('id', 'in', [rejected, accepted])
      .orderBy('id')
      .execute();
    // Petrus's wife shares his No. KK and village, but the names and NIK disagree: the row stays unlinked.
    expect(rows[0]!.person_id).toBeNull();
    expect(rows[1]).toMatchObject({ person_id: sarlota, household_id: family.householdId });
    const record = await db()
      .selectFrom('linkage_entity_records')
      .select(['reviewed', 'match_probability', 'run_id'])
      .where('record_table', '=', 'program_enrolments')
      .where('record_id', '=', accepted)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ reviewed: true, match_probability: 1, run_id: s.run_id });
    // The rejected row stays unlinked and is compared again next time, still without linking to Petrus.
    const next = await link();
    expect(next.compared.program_enrolments).toBeGreaterThanOrEqual(1);
    const still = await db()
      .selectFrom('program_enrolments')
      .select('person_id')
      .where('id', '=', rejected)
      .executeTakeFirstOrThrow();
    expect(still.person_id).toBeNull();
    expect(next.linked_by_review).toBe(0);
  });

  it('people missing from DTSEN get entity keys too (rows sharing a NIK share one), and join a person found later', async () => {
    const batch = await buildBatch(db(), 'bansos');
    const nik = '5302011507900007';
    const village = '53.02.01.1002';
    const listed = { nik, name: 'Ferdinandus Lake', village, batchId: batch };
    const pkh = await buildRecipient(db(), { ...listed, programCode: 'PKH' });
    const bpnt = await buildRecipient(db(), { ...listed, programCode: 'BPNT' });
    const noNik = await buildRecipient(db(), { nik: null, name: 'Wilhelmina Tefa', village, batchId: batch });
    const keyOf = async (id: number) =>
      (
        await db()
          .selectFrom('linkage_entity_records')
          .select('entity_id')
          .where('record_table', '=', 'program_enrolments')
          .where('record_id', '=', id)
          .executeTakeFirstOrThrow()
      ).entity_id;

    const s = await link();
    expect(s.unlinked_entities).toBe(2);
    const [k1, k2, k3] = [await keyOf(pkh), await keyOf(bpnt), await keyOf(noNik)];
    expect(k1).toBe(k2);
    expect(k3).not.toBe(k1);
    const personKeys = new Set((await entities()).values());
    expect(personKeys.has(k1)).toBe(false);
    expect(personKeys.has(k3)).toBe(false);
    // Unchanged by a run with nothing new.
    expect((await link()).unlinked_entities).toBe(0);
    expect(await keyOf(pkh)).toBe(k1);

    // A newer DTSEN extract brings him in: both rows link to him and join his entity.
    const family = await buildFamily(db(), {
      kk: '5302010303260007',
      village,
      members: [{ nik, name: 'Ferdinandus Lake', birthDate: '1990-07-15', sex: 'L' }],
    });
    const later = await link();
    expect(later.new_entities).toBe(1);
    const person = (await entities()).get(family.personIds[0]!);
    expect(await keyOf(pkh)).toBe(person);
    expect(await keyOf(bpnt)).toBe(person);
    expect(await keyOf(noNik)).toBe(k3);
  });

  it('household context: two rows of one list with one family card link to two people; a namesake without NIK or card goes to review', async () => {
    const batch = await buildBatch(db(), 'bansos');
    const village = '53.02.01.1003';
    const kk = '5302010404260009';
    const family = await buildFamily(db(), {
      kk,
      village,
      members: [
        { nik: '5302012308910009', name: 'Benyamin Bani', birthDate: '1991-08-23', sex: 'L' },
        { nik: '5302010802190009', name: 'Benyamin Bani', birthDate: '2019-02-08', sex: 'L' },
      ],
    });
    const [father, son] = family.personIds;
    const list = { name: 'Benyamin Bani', village, kk, batchId: batch, programCode: 'PBI-JK' };
    const fatherRow = await buildRecipient(db(), { ...list, nik: '5302012308910009' });
    const sonRow = await buildRecipient(db(), { ...list, nik: null });
    // On another list, without NIK or card: father or son, nothing tells.
    const otherRow = await buildRecipient(db(), {
      name: 'Benyamin Bani',
      village,
      nik: null,
      kk: null,
      batchId: batch,
      programCode: 'BPNT',
    });
    const s = await link();
    const personOf = async (id: number) =>
      (
        await db()
          .selectFrom('program_enrolments')
          .select('person_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).person_id;
    expect(Number(await personOf(fatherRow))).toBe(father);
    expect(Number(await personOf(sonRow))).toBe(son);
    expect(await personOf(otherRow)).toBeNull();
    const queue = await new LinkageRepository(db()).openReview(s.run_id!);
    const pairs = queue.filter((q) => q.rightKey === `enrolment:${otherRow}`);
    expect(pairs.map((q) => q.leftKey).sort()).toEqual([`person:${father}`, `person:${son}`].sort());
    for (const q of pairs) expect(q.probability).toBeLessThan(0.5);
  });
});
