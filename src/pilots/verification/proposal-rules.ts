/**
 * Field verification as pure rules (issue 15, "penguatan basis data"): which corrections a facilitator may propose,
 * what each needs, what the base said when it was proposed, whether that is still so at review, and the changes an
 * accepted proposal makes. No I/O: the service reads the facts and applies the plan.
 *
 *   moved        a person left the household (person), or the household moved (household: new address/village)
 *   deceased     a person died (deceased_on); they leave the household, as DTSEN drops them from the KK
 *   new_member   a person missing from the household (name, sex, birth date, relation; NIK when known)
 *   disability   a person's disability flag is wrong (disability: true/false)
 *   decile_wrong evidence that the household's decile is wrong (claimed_decile): the base is not changed here,
 *                the decile is BPS's to recompute; the accepted proposal goes to BPS through the update export
 */
import { parseNik } from '../../identity/nik.js';
import { say, UserError, type Bilingual } from '../../shared/errors.js';

export const VERIFICATION_KINDS = ['moved', 'deceased', 'new_member', 'disability', 'decile_wrong'] as const;
export type VerificationKind = (typeof VERIFICATION_KINDS)[number];

export const VERIFICATION_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export function isVerificationKind(value: string): value is VerificationKind {
  return (VERIFICATION_KINDS as readonly string[]).includes(value);
}

/** The household and (for person kinds) the person as the base has them now. */
export interface SubjectFacts {
  household: { id: number; village_code: string; address: string | null; decile: number | null };
  person: {
    id: number;
    household_id: number | null;
    disability: boolean;
    deceased_on: string | null;
  } | null;
}

export type ProposedValues = Record<string, string | number | boolean | null>;

/** One change of an accepted proposal, applied by the service with the batch id. */
export type Change =
  | { op: 'update'; table: 'persons' | 'households'; id: number; set: ProposedValues }
  | { op: 'insert_person'; householdId: number; values: ProposedValues };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function invalid(field: string, en: string, id: string): UserError {
  return new UserError(say(`proposed.${field}: ${en}`, `proposed.${field}: ${id}`), 'invalid_proposal', {
    field,
  });
}

/** Reads the proposed values of one kind, refusing unknown fields and naming the field at fault. */
class Reader {
  private readonly seen = new Set<string>();
  constructor(private readonly raw: Record<string, unknown>) {}

  private value(field: string): unknown {
    this.seen.add(field);
    return this.raw[field];
  }

  text(field: string, required: boolean, max: number): string | null {
    const v = this.value(field);
    if (v === undefined || v === null || v === '') {
      if (required) throw invalid(field, 'is required', 'wajib diisi');
      return null;
    }
    if (typeof v !== 'string') throw invalid(field, 'must be text', 'harus berupa teks');
    const t = v.trim();
    if (t.length < 2 || t.length > max)
      throw invalid(field, `must be 2 to ${max} characters`, `harus 2 sampai ${max} karakter`);
    return t;
  }

  date(field: string, required: boolean, today: string): string | null {
    const v = this.value(field);
    if (v === undefined || v === null || v === '') {
      if (required) throw invalid(field, 'is required (YYYY-MM-DD)', 'wajib diisi (YYYY-MM-DD)');
      return null;
    }
    if (typeof v !== 'string' || !isDate(v)) {
      const shown = JSON.stringify(v);
      throw invalid(field, `expected YYYY-MM-DD, got ${shown}`, `gunakan YYYY-MM-DD, bukan ${shown}`);
    }
    if (v > today) throw invalid(field, `${v} is in the future`, `${v} berada di masa depan`);
    return v;
  }

  integer(field: string, min: number, max: number, required: boolean): number | null {
    const v = this.value(field);
    if (v === undefined || v === null || v === '') {
      if (required) throw invalid(field, 'is required', 'wajib diisi');
      return null;
    }
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
      throw invalid(
        field,
        `must be a whole number from ${min} to ${max}`,
        `harus bilangan bulat ${min} sampai ${max}`,
      );
    return n;
  }

  boolean(field: string, required: boolean): boolean | null {
    const v = this.value(field);
    if (v === undefined || v === null || v === '') {
      if (required) throw invalid(field, 'is required (true or false)', 'wajib diisi (true atau false)');
      return null;
    }
    if (v === true || v === 'true' || v === 'ya') return true;
    if (v === false || v === 'false' || v === 'tidak') return false;
    throw invalid(field, 'must be true or false', 'harus true atau false');
  }

  choice(field: string, options: readonly string[]): string {
    const v = this.value(field);
    const t = typeof v === 'string' ? v.trim().toUpperCase() : v;
    if (typeof t !== 'string' || !options.includes(t))
      throw invalid(field, `must be ${options.join(' or ')}`, `harus ${options.join(' atau ')}`);
    return t;
  }

  done(kind: VerificationKind): void {
    const extra = Object.keys(this.raw).filter((k) => !this.seen.has(k));
    if (extra.length > 0)
      throw new UserError(
        say(
          `proposed: unknown field(s) for ${kind}: ${extra.join(', ')}`,
          `proposed: kolom tidak dikenal untuk ${kind}: ${extra.join(', ')}`,
        ),
        'invalid_proposal',
        { field: extra[0] },
      );
  }
}

const needsPerson = (kind: VerificationKind): boolean => kind === 'deceased' || kind === 'disability';
const householdOnly = (kind: VerificationKind): boolean => kind === 'new_member' || kind === 'decile_wrong';

/**
 * Checks a proposal against the base: the subject (person kinds need a person of the household, household kinds
 * none), the values per kind, and that it would change something. Returns the cleaned values and the current
 * values it corrects (kept with the proposal, compared again at review).
 */
export function validateProposal(
  kind: VerificationKind,
  raw: Record<string, unknown>,
  facts: SubjectFacts,
  today: string,
): { proposed: ProposedValues; current: ProposedValues } {
  const person = facts.person;
  if (needsPerson(kind) && person === null)
    throw new UserError(
      say(`a ${kind} proposal needs a person (person_id)`, `usulan ${kind} memerlukan orang (person_id)`),
      'invalid_proposal',
      { field: 'person_id' },
    );
  if (householdOnly(kind) && person !== null)
    throw new UserError(
      say(
        `a ${kind} proposal is about the household: leave person_id out`,
        `usulan ${kind} tentang rumah tangga: jangan isi person_id`,
      ),
      'invalid_proposal',
      { field: 'person_id' },
    );
  if (person !== null && person.household_id !== facts.household.id)
    throw new UserError(
      say(
        `person ${person.id} is no longer a member of household ${facts.household.id}`,
        `orang ${person.id} tidak lagi anggota rumah tangga ${facts.household.id}`,
      ),
      'not_a_member',
      { field: 'person_id' },
    );
  if (person?.deceased_on)
    throw new UserError(
      say(`person ${person.id} is recorded as deceased`, `orang ${person.id} tercatat meninggal`),
      'deceased',
      { field: 'person_id' },
    );
  const r = new Reader(raw);
  let proposed: ProposedValues;
  let current: ProposedValues;
  switch (kind) {
    case 'moved':
      if (person !== null) {
        proposed = {
          moved_on: r.date('moved_on', false, today),
          destination: r.text('destination', false, 300),
        };
        current = { household_id: person.household_id };
      } else {
        const newVillage = r.text('new_village_code', false, 13);
        if (newVillage !== null && !/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(newVillage))
          throw invalid(
            'new_village_code',
            'must be a village code PP.RR.DD.VVVV',
            'harus kode desa PP.RR.DD.VVVV',
          );
        proposed = {
          new_address: r.text('new_address', true, 300),
          new_village_code: newVillage,
          moved_on: r.date('moved_on', false, today),
        };
        current = { address: facts.household.address, village_code: facts.household.village_code };
        if (
          proposed.new_address === facts.household.address &&
          (newVillage === null || newVillage === facts.household.village_code)
        )
          throw invalid('new_address', 'is the address already recorded', 'sama dengan alamat yang tercatat');
      }
      break;
    case 'deceased':
      proposed = { deceased_on: r.date('deceased_on', true, today) };
      current = { household_id: person!.household_id, deceased_on: null };
      break;
    case 'new_member': {
      const nik = r.text('nik', false, 16);
      if (nik !== null && !parseNik(nik).valid)
        throw invalid(
          'nik',
          `"${nik}" is not a valid NIK (16 digits)`,
          `"${nik}" bukan NIK yang sah (16 digit)`,
        );
      proposed = {
        name: r.text('name', true, 100),
        sex: r.choice('sex', ['L', 'P']),
        birth_date: r.date('birth_date', true, today),
        relation: r.integer('relation', 2, 11, true),
        nik,
        disability: r.boolean('disability', false) ?? false,
      };
      current = {};
      break;
    }
    case 'disability': {
      const disability = r.boolean('disability', true)!;
      if (disability === person!.disability)
        throw invalid(
          'disability',
          `is already recorded as ${String(disability)}`,
          `sudah tercatat ${disability ? 'ya' : 'tidak'}`,
        );
      proposed = { disability };
      current = { disability: person!.disability };
      break;
    }
    case 'decile_wrong': {
      const claimed = r.integer('claimed_decile', 1, 10, true)!;
      if (claimed === facts.household.decile)
        throw invalid(
          'claimed_decile',
          `is the decile already recorded (${claimed})`,
          `sama dengan desil tercatat (${claimed})`,
        );
      proposed = { claimed_decile: claimed };
      current = { decile: facts.household.decile };
      break;
    }
  }
  r.done(kind);
  return { proposed, current };
}

/**
 * Why an accepted proposal can no longer be applied (the base changed since it was made), or null. The reviewer
 * then rejects it and the facilitator proposes again against the current data.
 */
export function staleReason(
  kind: VerificationKind,
  current: Readonly<Record<string, unknown>>,
  facts: SubjectFacts,
): Bilingual | null {
  const p = facts.person;
  if (p !== null && (p.household_id !== facts.household.id || p.deceased_on !== null))
    return say(
      `person ${p.id} has left household ${facts.household.id} since the proposal`,
      `orang ${p.id} telah keluar dari rumah tangga ${facts.household.id} sejak diusulkan`,
    );
  const changed = (en: string, id: string) =>
    say(`the ${en} changed since the proposal was made`, `${id} berubah sejak diusulkan`);
  if (kind === 'moved' && p === null)
    if (current.address !== facts.household.address || current.village_code !== facts.household.village_code)
      return changed('household address', 'alamat rumah tangga');
  if (kind === 'disability' && p !== null && current.disability !== p.disability)
    return changed('disability flag', 'status disabilitas');
  if (kind === 'decile_wrong' && (current.decile ?? null) !== facts.household.decile)
    return changed('decile', 'desil');
  return null;
}

/** The changes an accepted proposal makes to the base (none for decile_wrong: that goes to BPS). */
export function correctionPlan(
  kind: VerificationKind,
  proposed: Readonly<ProposedValues>,
  facts: SubjectFacts,
): Change[] {
  const p = facts.person;
  switch (kind) {
    case 'moved':
      if (p !== null) return [{ op: 'update', table: 'persons', id: p.id, set: { household_id: null } }];
      return [
        {
          op: 'update',
          table: 'households',
          id: facts.household.id,
          set: {
            address: proposed.new_address ?? null,
            village_code: proposed.new_village_code ?? facts.household.village_code,
          },
        },
      ];
    case 'deceased':
      return [
        {
          op: 'update',
          table: 'persons',
          id: p!.id,
          set: { household_id: null, deceased_on: proposed.deceased_on ?? null },
        },
      ];
    case 'new_member':
      return [{ op: 'insert_person', householdId: facts.household.id, values: { ...proposed } }];
    case 'disability':
      return [
        { op: 'update', table: 'persons', id: p!.id, set: { disability: proposed.disability ?? false } },
      ];
    case 'decile_wrong':
      return [];
  }
}

export type ReviewDecision = 'accept' | 'reject';

/** A review: only a proposal not yet reviewed, with a reason, by someone other than the proposer. */
export function checkReview(
  proposal: { id: number; status: VerificationStatus; proposed_by: string },
  review: { decision: string; reason: string; reviewer: string },
): ReviewDecision {
  if (review.decision !== 'accept' && review.decision !== 'reject')
    throw new UserError(
      say(
        `decision must be accept or reject, not "${review.decision}"`,
        `keputusan harus accept atau reject, bukan "${review.decision}"`,
      ),
      'invalid_decision',
    );
  if (proposal.status !== 'proposed')
    throw new UserError(
      say(
        `proposal ${proposal.id} was already ${proposal.status}`,
        `usulan ${proposal.id} sudah ${proposal.status === 'accepted' ? 'diterima' : 'ditolak'}`,
      ),
      'already_reviewed',
    );
  if (review.reason.trim().length < 3)
    throw new UserError(
      say(
        'a review needs a reason (at least 3 characters)',
        'peninjauan memerlukan alasan (minimal 3 karakter)',
      ),
      'reason_required',
    );
  if (review.reviewer === proposal.proposed_by)
    throw new UserError(
      say(
        `proposal ${proposal.id} was made by ${review.reviewer}: someone else must review it`,
        `usulan ${proposal.id} dibuat oleh ${review.reviewer}: orang lain harus meninjaunya`,
      ),
      'own_proposal',
    );
  return review.decision;
}
