import { beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../consent/consent-service.js';
import { testEngines, useTestDatabase } from '../../testing/test-database.js';
import { assignmentsOf, createPilot, publishPilot, randomizePilot } from '../pilot-service.js';
import { buildPilotWorld, TEST_ACTOR, type PilotWorld } from '../test-builders.js';
import {
  addEnrolment,
  enrolmentRecord,
  moveEnrolment,
  openWave,
  VersionConflictError,
  type MoveInput,
} from './enrolment-service.js';
import { workList } from './work-list.js';

describe.each(testEngines())('enrolment funnel in the database on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let world: PilotWorld;
  let pilotId = 0;
  const treated: string[] = [];
  const control: string[] = [];
  const move = (input: MoveInput) => ctx.database.transaction((tx) => moveEnrolment(tx, input, TEST_ACTOR));
  const consent = (householdId: number, personId: number | null, status: 'given' | 'withdrawn') =>
    ctx.database.transaction((tx) =>
      recordConsent(
        tx,
        { householdId, personId, purpose: 'cooperative_enrolment', status, method: 'written' },
        TEST_ACTOR,
      ),
    );
  const enrolmentOf = async (personId: number) =>
    (
      await ctx.database.db
        .selectFrom('pilot_enrolments')
        .select('id')
        .where('pilot_id', '=', pilotId)
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    world = await buildPilotWorld(ctx.database.db, { villages: 8, perVillage: 3 });
    pilotId = await ctx.database.transaction(async (tx) => {
      const id = await createPilot(
        tx,
        {
          name: 'Funnel',
          regionCode: '53.01',
          design: 'randomized',
          treatedShare: '0.5',
          waves: [{ startsOn: '2026-03-01' }],
          policyId: 'pilot-test',
          memberTreatments: ['ANGGOTA_SIMPANAN'],
          villages: world.villages,
        },
        TEST_ACTOR,
      );
      await randomizePilot(tx, id, { seed: '5' }, TEST_ACTOR);
      await publishPilot(tx, id, TEST_ACTOR);
      return id;
    });
    const published = await ctx.database.db
      .selectFrom('pilot_randomizations')
      .select('id')
      .where('pilot_id', '=', pilotId)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    for (const a of await assignmentsOf(ctx.database, published.id))
      (a.arm === 'treatment' ? treated : control).push(a.village_code);
  }, 60_000);

  it('opening a wave identifies the heads of member-treatment households in treatment clusters only', async () => {
    const opened = await ctx.database.transaction((tx) => openWave(tx, pilotId, 1, TEST_ACTOR));
    expect(opened).toEqual({ wave_no: 1, clusters: 4, identified: 8 });
    const rows = await ctx.database.db
      .selectFrom('pilot_enrolments')
      .select(['village_code', 'person_id', 'state', 'version'])
      .where('pilot_id', '=', pilotId)
      .execute();
    expect(new Set(rows.map((r) => r.village_code))).toEqual(new Set(treated));
    const heads = treated.flatMap((v) =>
      world.byVillage
        .get(v)!
        .households.slice(0, 2)
        .map((h) => h.persons[0]),
    );
    expect(rows.map((r) => r.person_id).sort()).toEqual(heads.sort());
    expect(rows.every((r) => r.state === 'identified' && r.version === 1)).toBe(true);
    await expect(
      ctx.database.transaction((tx) => openWave(tx, pilotId, 1, TEST_ACTOR)),
    ).rejects.toMatchObject({
      code: 'wave_open',
    });
  });

  it('refuses enrolling a household of a control cluster, with the reason', async () => {
    const person = world.byVillage.get(control[0]!)!.households[0]!.persons[0]!;
    const refused = ctx.database.transaction((tx) =>
      addEnrolment(tx, { pilotId, personId: person }, TEST_ACTOR),
    );
    await expect(refused).rejects.toMatchObject({ code: 'control_cluster' });
    await expect(refused).rejects.toThrow(/control cluster/);
    const perlindungan = world.byVillage.get(treated[0]!)!.households[2]!.persons[0]!;
    await expect(
      ctx.database.transaction((tx) => addEnrolment(tx, { pilotId, personId: perlindungan }, TEST_ACTOR)),
    ).rejects.toMatchObject({ code: 'not_eligible' });
    const head = world.byVillage.get(treated[0]!)!.households[0]!.persons[0]!;
    await expect(
      ctx.database.transaction((tx) => addEnrolment(tx, { pilotId, personId: head }, TEST_ACTOR)),
    ).rejects.toMatchObject({ code: 'already_enrolled' });
  });

  it('walks the funnel with consent enforced, registers a member and keeps the history', async () => {
    const h = world.byVillage.get(treated[0]!)!.households[0]!;
    const id = await enrolmentOf(h.persons[0]!);
    await move({
      enrolmentId: id,
      to: 'contacted',
      expectedVersion: 1,
      facilitator: 'pendamping-1',
      place: 'rumah',
    });
    await expect(move({ enrolmentId: id, to: 'consented', expectedVersion: 2 })).rejects.toMatchObject({
      code: 'consent_required',
    });
    await expect(move({ enrolmentId: id, to: 'registered', expectedVersion: 2 })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await consent(h.id, h.persons[0]!, 'given');
    await move({ enrolmentId: id, to: 'consented', expectedVersion: 2 });
    const registered = await move({
      enrolmentId: id,
      to: 'registered',
      expectedVersion: 3,
      joinedOn: '2026-03-10',
    });
    expect(registered).toMatchObject({
      state: 'registered',
      version: 4,
      member_no: `P${pilotId}-${String(id).padStart(6, '0')}`,
    });
    const member = await ctx.database.db
      .selectFrom('cooperative_members')
      .select(['cooperative_id', 'status', 'joined_on', 'person_id'])
      .where('enrolment_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({
      cooperative_id: world.byVillage.get(treated[0]!)!.cooperativeId,
      status: 'registered',
      joined_on: '2026-03-10',
      person_id: h.persons[0],
    });
    await move({ enrolmentId: id, to: 'paid_pokok', expectedVersion: 4 });
    const active = await move({ enrolmentId: id, to: 'active', expectedVersion: 5 });
    expect(active.state).toBe('active');
    const events = await ctx.database.db
      .selectFrom('pilot_enrolment_events')
      .select(['from_state', 'to_state', 'version', 'facilitator', 'place'])
      .where('enrolment_id', '=', id)
      .orderBy('version')
      .execute();
    expect(events.map((e) => `${e.from_state ?? '-'}>${e.to_state}`)).toEqual([
      '->identified',
      'identified>contacted',
      'contacted>consented',
      'consented>registered',
      'registered>paid_pokok',
      'paid_pokok>active',
    ]);
    expect(events[1]).toMatchObject({ facilitator: 'pendamping-1', place: 'rumah' });
  });

  it('a 17-year-old married head consents through a guardian (thumbprint) and can then be registered', async () => {
    const h = world.byVillage.get(treated[0]!)!.households[1]!;
    const head = h.persons[0]!;
    await ctx.database.db
      .updateTable('persons')
      .set({ birth_date: '2008-06-15' })
      .where('id', '=', head)
      .execute();
    const decidedAt = new Date('2026-03-01T09:00:00+07:00');
    const give = (guardian: { guardianName?: string; guardianRelation?: string }) =>
      ctx.database.transaction((tx) =>
        recordConsent(
          tx,
          {
            householdId: h.id,
            personId: head,
            purpose: 'cooperative_enrolment',
            status: 'given',
            method: 'thumbprint',
            evidenceRef: 'cap jempol F-17',
            decidedAt,
            ...guardian,
          },
          TEST_ACTOR,
        ),
      );
    const countOf = async () =>
      (
        await ctx.database.db
          .selectFrom('consent_records')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('person_id', '=', head)
          .executeTakeFirstOrThrow()
      ).n;
    await expect(give({})).rejects.toMatchObject({ code: 'guardian_required' });
    await expect(give({ guardianName: 'Maria Bere' })).rejects.toMatchObject({ code: 'guardian_incomplete' });
    expect(Number(await countOf())).toBe(0);
    const id = await enrolmentOf(head);
    await move({ enrolmentId: id, to: 'contacted', expectedVersion: 1 });
    await expect(move({ enrolmentId: id, to: 'consented', expectedVersion: 2 })).rejects.toMatchObject({
      code: 'consent_required',
    });
    const recorded = await give({ guardianName: 'Maria Bere', guardianRelation: 'ibu' });
    expect(recorded).toMatchObject({
      method: 'thumbprint',
      guardian_name: 'Maria Bere',
      guardian_relation: 'ibu',
    });
    await move({ enrolmentId: id, to: 'consented', expectedVersion: 2 });
    const registered = await move({
      enrolmentId: id,
      to: 'registered',
      expectedVersion: 3,
      joinedOn: '2026-03-10',
    });
    expect(registered).toMatchObject({ state: 'registered', version: 4 });
    expect(registered.member_id).not.toBeNull();
  });

  it('a concurrent update loses with a conflict carrying the current state; nothing is lost', async () => {
    const h = world.byVillage.get(treated[1]!)!.households[0]!;
    const id = await enrolmentOf(h.persons[0]!);
    const [a, b] = await Promise.allSettled([
      move({ enrolmentId: id, to: 'contacted', expectedVersion: 1, facilitator: 'a' }),
      move({ enrolmentId: id, to: 'unreachable', expectedVersion: 1, facilitator: 'b' }),
    ]);
    const outcomes = [a, b].map((r) => r.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const loser = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(VersionConflictError);
    const current = await enrolmentRecord(ctx.database, id);
    expect((loser.reason as VersionConflictError).current).toEqual(current);
    expect(current!.version).toBe(2);
    const events = await ctx.database.db
      .selectFrom('pilot_enrolment_events')
      .select('to_state')
      .where('enrolment_id', '=', id)
      .execute();
    expect(events).toHaveLength(2);
  });

  it('withdrawing consent withdraws the enrolment, ends the membership and drops it from the work list', async () => {
    const h = world.byVillage.get(treated[2]!)!.households[0]!;
    const id = await enrolmentOf(h.persons[0]!);
    await consent(h.id, h.persons[0]!, 'given');
    await move({ enrolmentId: id, to: 'contacted', expectedVersion: 1 });
    await move({ enrolmentId: id, to: 'consented', expectedVersion: 2 });
    await move({ enrolmentId: id, to: 'registered', expectedVersion: 3 });
    const before = await workList(ctx.database.db, { villages: [treated[2]!], reveal: false });
    expect(before.map((r) => r.enrolment_id)).toContain(id);
    expect(before.find((r) => r.enrolment_id === id)!.next_step.id).toBe('tagih simpanan pokok');
    expect(before[0]!.nik).not.toMatch(/^\d{16}$/);
    await consent(h.id, h.persons[0]!, 'withdrawn');
    const after = await enrolmentRecord(ctx.database, id);
    expect(after).toMatchObject({ state: 'withdrawn', version: 5 });
    const member = await ctx.database.db
      .selectFrom('cooperative_members')
      .select(['status', 'left_on'])
      .where('enrolment_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(member.status).toBe('left');
    expect(
      (await workList(ctx.database.db, { villages: [treated[2]!], reveal: false })).map(
        (r) => r.enrolment_id,
      ),
    ).not.toContain(id);
    await expect(move({ enrolmentId: id, to: 'registered', expectedVersion: 5 })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await expect(move({ enrolmentId: id, to: 'consented', expectedVersion: 5 })).rejects.toMatchObject({
      code: 'consent_required',
    });
  });

  it('a second membership of the same person in the cooperative is refused (imported register included)', async () => {
    const v = treated[3]!;
    const h = world.byVillage.get(v)!.households[0]!;
    const person = await ctx.database.db
      .selectFrom('persons')
      .select(['nik', 'name', 'name_normalized'])
      .where('id', '=', h.persons[0]!)
      .executeTakeFirstOrThrow();
    await ctx.database.db
      .insertInto('cooperative_members')
      .values({
        cooperative_id: world.byVillage.get(v)!.cooperativeId,
        member_no: 'IMPORT-1',
        nik: person.nik,
        name: person.name,
        name_normalized: person.name_normalized,
      })
      .execute();
    const id = await enrolmentOf(h.persons[0]!);
    await consent(h.id, null, 'given');
    await move({ enrolmentId: id, to: 'contacted', expectedVersion: 1 });
    await move({ enrolmentId: id, to: 'consented', expectedVersion: 2 });
    await expect(move({ enrolmentId: id, to: 'registered', expectedVersion: 3 })).rejects.toMatchObject({
      code: 'duplicate_membership',
    });
    expect((await enrolmentRecord(ctx.database, id))!.state).toBe('consented');
  });
});
