import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { DTSEN_UPDATE_HEADERS, dtsenUpdateRow, type AcceptedProposal } from './dtsen-update.js';
import {
  checkReview,
  correctionPlan,
  staleReason,
  validateProposal,
  type SubjectFacts,
} from './proposal-rules.js';

const TODAY = '2026-06-01';
const household = { id: 7, village_code: '53.01.05.2001', address: 'Jalan Lama 1', decile: 3 };
const person = { id: 70, household_id: 7, disability: false, deceased_on: null };
const withPerson: SubjectFacts = { household, person };
const householdOnly: SubjectFacts = { household, person: null };

function refusal(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('field verification proposals (pure rules)', () => {
  it('accepts each kind with its values and records what the base said', () => {
    expect(validateProposal('deceased', { deceased_on: '2026-05-02' }, withPerson, TODAY)).toEqual({
      proposed: { deceased_on: '2026-05-02' },
      current: { household_id: 7, deceased_on: null },
    });
    expect(validateProposal('disability', { disability: true }, withPerson, TODAY)).toEqual({
      proposed: { disability: true },
      current: { disability: false },
    });
    expect(validateProposal('decile_wrong', { claimed_decile: '6' }, householdOnly, TODAY)).toEqual({
      proposed: { claimed_decile: 6 },
      current: { decile: 3 },
    });
    expect(
      validateProposal(
        'moved',
        { new_address: 'Jalan Baru 2', new_village_code: '53.01.05.2002' },
        householdOnly,
        TODAY,
      ).proposed,
    ).toEqual({ new_address: 'Jalan Baru 2', new_village_code: '53.01.05.2002', moved_on: null });
    expect(validateProposal('moved', { destination: 'Kupang' }, withPerson, TODAY).current).toEqual({
      household_id: 7,
    });
    expect(
      validateProposal(
        'new_member',
        { name: 'Yohana Bani', sex: 'p', birth_date: '2026-01-10', relation: 4 },
        householdOnly,
        TODAY,
      ).proposed,
    ).toEqual({
      name: 'Yohana Bani',
      sex: 'P',
      birth_date: '2026-01-10',
      relation: 4,
      nik: null,
      disability: false,
    });
  });

  it('refuses bad values naming the field', () => {
    const cases: [() => unknown, string, string][] = [
      [() => validateProposal('deceased', {}, withPerson, TODAY), 'deceased_on', 'invalid_proposal'],
      [
        () => validateProposal('deceased', { deceased_on: '2026-02-30' }, withPerson, TODAY),
        'deceased_on',
        'invalid_proposal',
      ],
      [
        () => validateProposal('deceased', { deceased_on: '2026-07-01' }, withPerson, TODAY),
        'deceased_on',
        'invalid_proposal',
      ],
      [
        () => validateProposal('deceased', { deceased_on: '2026-05-01' }, householdOnly, TODAY),
        'person_id',
        'invalid_proposal',
      ],
      [
        () => validateProposal('decile_wrong', { claimed_decile: 3 }, householdOnly, TODAY),
        'claimed_decile',
        'invalid_proposal',
      ],
      [
        () => validateProposal('decile_wrong', { claimed_decile: 11 }, householdOnly, TODAY),
        'claimed_decile',
        'invalid_proposal',
      ],
      [
        () => validateProposal('decile_wrong', { claimed_decile: 5 }, withPerson, TODAY),
        'person_id',
        'invalid_proposal',
      ],
      [
        () => validateProposal('disability', { disability: false }, withPerson, TODAY),
        'disability',
        'invalid_proposal',
      ],
      [
        () => validateProposal('disability', { disability: true, colour: 'x' }, withPerson, TODAY),
        'colour',
        'invalid_proposal',
      ],
      [
        () => validateProposal('moved', { new_address: 'Jalan Lama 1' }, householdOnly, TODAY),
        'new_address',
        'invalid_proposal',
      ],
      [
        () =>
          validateProposal('moved', { new_address: 'X 1', new_village_code: '53.01' }, householdOnly, TODAY),
        'new_village_code',
        'invalid_proposal',
      ],
      [
        () =>
          validateProposal(
            'new_member',
            { name: 'A B', sex: 'X', birth_date: '2020-01-01', relation: 3 },
            householdOnly,
            TODAY,
          ),
        'sex',
        'invalid_proposal',
      ],
      [
        () =>
          validateProposal(
            'new_member',
            { name: 'A B', sex: 'L', birth_date: '2020-01-01', relation: 1 },
            householdOnly,
            TODAY,
          ),
        'relation',
        'invalid_proposal',
      ],
      [
        () =>
          validateProposal(
            'new_member',
            { name: 'A B', sex: 'L', birth_date: '2020-01-01', relation: 3, nik: '123' },
            householdOnly,
            TODAY,
          ),
        'nik',
        'invalid_proposal',
      ],
      [
        () =>
          validateProposal(
            'disability',
            { disability: true },
            { household, person: { ...person, household_id: 8 } },
            TODAY,
          ),
        'person_id',
        'not_a_member',
      ],
    ];
    for (const [run, field, code] of cases) {
      const e = refusal(run);
      expect(e.code, e.message).toBe(code);
      expect(e.details, e.message).toEqual({ field });
      expect(e.messageId).toBeDefined();
    }
  });

  it('plans the changes of an accepted proposal (none for a decile claim: that is for BPS)', () => {
    expect(correctionPlan('deceased', { deceased_on: '2026-05-02' }, withPerson)).toEqual([
      { op: 'update', table: 'persons', id: 70, set: { household_id: null, deceased_on: '2026-05-02' } },
    ]);
    expect(correctionPlan('moved', {}, withPerson)).toEqual([
      { op: 'update', table: 'persons', id: 70, set: { household_id: null } },
    ]);
    expect(
      correctionPlan('moved', { new_address: 'Jalan Baru 2', new_village_code: null }, householdOnly),
    ).toEqual([
      {
        op: 'update',
        table: 'households',
        id: 7,
        set: { address: 'Jalan Baru 2', village_code: '53.01.05.2001' },
      },
    ]);
    expect(correctionPlan('decile_wrong', { claimed_decile: 6 }, householdOnly)).toEqual([]);
    expect(correctionPlan('new_member', { name: 'A B' }, householdOnly)).toEqual([
      { op: 'insert_person', householdId: 7, values: { name: 'A B' } },
    ]);
  });

  it('finds a proposal stale when the base changed since', () => {
    expect(staleReason('disability', { disability: false }, withPerson)).toBeNull();
    expect(
      staleReason('disability', { disability: false }, { household, person: { ...person, disability: true } })
        ?.en,
    ).toMatch(/disability flag changed/);
    expect(staleReason('decile_wrong', { decile: 2 }, householdOnly)?.id).toMatch(/desil berubah/);
    expect(staleReason('deceased', {}, { household, person: { ...person, household_id: null } })?.en).toMatch(
      /left household 7/,
    );
    expect(
      staleReason('moved', { address: 'Jalan Lama 1', village_code: household.village_code }, householdOnly),
    ).toBeNull();
  });

  it('reviews only once, with a reason, never one’s own proposal', () => {
    const p = { id: 1, status: 'proposed' as const, proposed_by: 'pendamping-a' };
    expect(checkReview(p, { decision: 'accept', reason: 'musdes setuju', reviewer: 'dinsos' })).toBe(
      'accept',
    );
    expect(refusal(() => checkReview(p, { decision: 'accept', reason: 'ok', reviewer: 'dinsos' })).code).toBe(
      'reason_required',
    );
    expect(
      refusal(() => checkReview(p, { decision: 'accept', reason: 'sendiri', reviewer: 'pendamping-a' })).code,
    ).toBe('own_proposal');
    expect(
      refusal(() =>
        checkReview({ ...p, status: 'rejected' }, { decision: 'accept', reason: 'lagi', reviewer: 'x' }),
      ).code,
    ).toBe('already_reviewed');
    expect(refusal(() => checkReview(p, { decision: 'maybe', reason: 'hmm hmm', reviewer: 'x' })).code).toBe(
      'invalid_decision',
    );
  });

  it('writes the DTSEN update row with identifiers masked unless revealed', () => {
    const accepted: AcceptedProposal = {
      id: 3,
      kind: 'deceased',
      village_code: '53.01.05.2001',
      kk: '5301050101000001',
      nik: '5301055503900001',
      name: 'Maria Bani',
      proposed: { deceased_on: '2026-05-02' },
      current_values: { household_id: 7, deceased_on: null },
      evidence: 'surat kematian dari desa',
      documents: ['foto-akta.jpg', 'SK-12'],
      proposed_by: 'pendamping-a',
      proposed_at: new Date('2026-05-03T08:00:00Z'),
      reviewed_by: 'dinsos',
      reviewed_at: new Date('2026-05-10T08:00:00Z'),
      review_reason: 'sesuai berita acara',
      deliberation_ref: 'BA-MUSDES-04/2026',
      batch_id: 99,
    };
    const row = dtsenUpdateRow(accepted, false);
    expect(row).toHaveLength(DTSEN_UPDATE_HEADERS.length);
    const byHeader = Object.fromEntries(DTSEN_UPDATE_HEADERS.map((h, i) => [h, row[i]]));
    expect(byHeader).toMatchObject({
      kode_provinsi: '53',
      kode_kabupaten: '53.01',
      kode_kecamatan: '53.01.05',
      kode_desa: '53.01.05.2001',
      no_kk: '5301********0001',
      nik: '5301********0001',
      jenis_usulan: 'MENINGGAL',
      data_lama: 'household_id=7',
      data_baru: 'deceased_on=2026-05-02',
      dokumen: 'foto-akta.jpg; SK-12',
      tanggal_usulan: '2026-05-03',
      berita_acara_musdes: 'BA-MUSDES-04/2026',
      tanggal_verifikasi_kabupaten: '2026-05-10',
      status_bps: 'MENUNGGU_BPS',
      batch_id: 99,
    });
    expect(dtsenUpdateRow(accepted, true)[6]).toBe('5301055503900001');
  });
});
