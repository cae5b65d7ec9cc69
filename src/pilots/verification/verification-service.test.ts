import { beforeAll, describe, expect, it } from 'vitest';
import { localActor } from '../../audit/access-audit.js';
import type { AuditActor } from '../../audit/access-audit.js';
import { revertBatch } from '../../intake/revert-service.js';
import { testEngines, useTestDatabase } from '../../testing/test-database.js';
import { buildPilotWorld, TEST_ACTOR, type PilotWorld } from '../test-builders.js';
import {
  acceptedProposals,
  proposeCorrection,
  reviewProposal,
  type ProposeInput,
} from './verification-service.js';

const REVIEWER: AuditActor = { ...TEST_ACTOR, username: 'dinsos-kupang' };

describe.each(testEngines())('field verification in the database on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let world: PilotWorld;
  const propose = (input: ProposeInput) =>
    ctx.database.transaction((tx) => proposeCorrection(tx, input, TEST_ACTOR));
  const review = (proposalId: number, decision: string, reason = 'sesuai berita acara musdes') =>
    ctx.database.transaction((tx) =>
      reviewProposal(tx, { proposalId, decision, reason, deliberationRef: 'BA-04/2026' }, REVIEWER),
    );
  const household = (v = 0, h = 0) => world.byVillage.get(world.villages[v]!)!.households[h]!;

  beforeAll(async () => {
    world = await buildPilotWorld(ctx.database.db, { villages: 2, perVillage: 2 });
  }, 60_000);

  it('an accepted death becomes a field_verification batch with the prior row kept', async () => {
    const h = household(0, 0);
    const child = h.persons[1]!;
    const proposal = await propose({
      householdId: h.id,
      personId: child,
      kind: 'deceased',
      proposed: { deceased_on: '2026-04-20' },
      evidence: 'surat keterangan kematian dari kepala desa',
      documents: ['foto-surat-kematian.jpg'],
    });
    expect(proposal).toMatchObject({
      status: 'proposed',
      kind: 'deceased',
      proposed_by: 'test',
      batch_id: null,
    });
    const accepted = await review(proposal.id, 'accept');
    expect(accepted).toMatchObject({
      status: 'accepted',
      reviewed_by: 'dinsos-kupang',
      deliberation_ref: 'BA-04/2026',
    });
    const batch = await ctx.database.db
      .selectFrom('source_batches')
      .selectAll()
      .where('id', '=', accepted.batch_id!)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({
      source: 'field_verification',
      rows_accepted: 1,
      created_by: 'dinsos-kupang',
    });
    expect(batch.meta).toMatchObject({ proposal_id: proposal.id, kind: 'deceased' });
    const person = await ctx.database.db
      .selectFrom('persons')
      .select(['household_id', 'deceased_on', 'batch_id'])
      .where('id', '=', child)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ household_id: null, deceased_on: '2026-04-20', batch_id: batch.id });
    const prior = await ctx.database.db
      .selectFrom('intake_prior_rows')
      .select(['table_name', 'row_id', 'data'])
      .where('batch_id', '=', batch.id)
      .execute();
    expect(prior).toHaveLength(1);
    expect(prior[0]).toMatchObject({ table_name: 'persons', row_id: child, data: { household_id: h.id } });
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'verification_proposal')
      .where('subject_id', '=', String(proposal.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['verification.propose', 'verification.accept']);
    // Reviewed once: a second review is refused, and so is an update of the row itself.
    await expect(review(proposal.id, 'reject')).rejects.toMatchObject({ code: 'already_reviewed' });
    await expect(
      ctx.database.db
        .updateTable('verification_proposals')
        .set({ evidence: 'lain' })
        .where('id', '=', proposal.id)
        .execute(),
    ).rejects.toThrow(/already reviewed/);
  });

  it('refuses one’s own review, keeps a rejection with its reason, and refuses a stale acceptance', async () => {
    const h = household(0, 1);
    const own = await propose({
      householdId: h.id,
      kind: 'decile_wrong',
      proposed: { claimed_decile: 9 },
      evidence: 'rumah permanen, punya mobil',
    });
    await expect(
      ctx.database.transaction((tx) =>
        reviewProposal(tx, { proposalId: own.id, decision: 'accept', reason: 'setuju saja' }, TEST_ACTOR),
      ),
    ).rejects.toMatchObject({ code: 'own_proposal' });
    const rejected = await review(own.id, 'reject', 'foto tidak menunjukkan rumah ini');
    expect(rejected).toMatchObject({
      status: 'rejected',
      batch_id: null,
      review_reason: 'foto tidak menunjukkan rumah ini',
    });
    const head = h.persons[0]!;
    const stale = await propose({
      householdId: h.id,
      personId: head,
      kind: 'disability',
      proposed: { disability: true },
      evidence: 'tunanetra sejak 2020, kartu disabilitas',
    });
    await ctx.database.db.updateTable('persons').set({ disability: true }).where('id', '=', head).execute();
    await expect(review(stale.id, 'accept')).rejects.toMatchObject({ code: 'stale_proposal' });
    expect((await review(stale.id, 'reject', 'sudah diperbarui DTSEN')).status).toBe('rejected');
  });

  it('a new member is added by its batch, exported for the DTSEN channel, and undone by reverting the batch', async () => {
    const h = household(1, 0);
    const proposal = await propose({
      householdId: h.id,
      kind: 'new_member',
      proposed: { name: 'Yohana Bani', sex: 'P', birth_date: '2026-01-10', relation: 4 },
      evidence: 'bayi lahir Januari, surat keterangan lahir bidan',
      documents: ['SKL-0110'],
    });
    const accepted = await review(proposal.id, 'accept');
    const added = await ctx.database.db
      .selectFrom('persons')
      .select(['id', 'name', 'household_id', 'relation'])
      .where('batch_id', '=', accepted.batch_id!)
      .execute();
    expect(added).toMatchObject([{ name: 'Yohana Bani', household_id: h.id, relation: 4 }]);
    const exported = await acceptedProposals(ctx.database, { regions: [world.villages[1]!] });
    expect(exported.map((e) => [e.id, e.kind, e.name])).toEqual([[proposal.id, 'new_member', 'Yohana Bani']]);
    expect(await acceptedProposals(ctx.database, { regions: [] })).toEqual([]);
    const all = await acceptedProposals(ctx.database, { regions: null });
    expect(all.map((e) => e.kind).sort()).toEqual(['deceased', 'new_member']);
    const reverted = await revertBatch(ctx.database, accepted.batch_id!, localActor('test'));
    expect(reverted.changes).toMatchObject({ persons_deleted: 1 });
    expect(await acceptedProposals(ctx.database, { regions: [world.villages[1]!] })).toEqual([]);
  });

  it('refuses an unknown kind, missing evidence and a person of another household, naming them', async () => {
    const h = household(1, 1);
    await expect(
      propose({ householdId: h.id, kind: 'married', proposed: {}, evidence: 'lihat buku nikah' }),
    ).rejects.toMatchObject({ code: 'invalid_kind' });
    await expect(
      propose({ householdId: h.id, kind: 'decile_wrong', proposed: { claimed_decile: 2 }, evidence: ' ' }),
    ).rejects.toMatchObject({ code: 'evidence_required' });
    await expect(
      propose({
        householdId: h.id,
        personId: household(0, 0).persons[0]!,
        kind: 'disability',
        proposed: { disability: true },
        evidence: 'kartu disabilitas',
      }),
    ).rejects.toMatchObject({ code: 'not_a_member', details: { field: 'person_id' } });
  });
});
