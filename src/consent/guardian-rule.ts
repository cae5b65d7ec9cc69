import { ageOn } from '../cooperatives/membership/registrar-rules.js';
import { say, type Bilingual } from '../shared/errors.js';

/**
 * Who must consent for a person (pure; the consent service gathers the facts).
 *
 *   A child is a person under 18 (UU 35/2014 art. 1). Processing a child's personal data needs the consent of a
 *   parent or guardian (UU 27/2022 art. 25), so a consent GIVEN for a person under 18 on the decision date must name
 *   the guardian who gave it (guardian_name and guardian_relation), else it is refused (`guardian_required`).
 *   Being married does not lift this: the requirement is about the data law's child, not the registrar's 17+/married
 *   membership rule, which still applies separately at registration.
 *
 *   - A guardian on an adult's consent is accepted and stored (someone who cannot consent themselves).
 *   - Unknown birth date: no guardian is required — the age cannot be established, and refusing would block every
 *     adult whose register lacks a birth date; the facilitator records a guardian when they know one is needed.
 *   - A withdrawal never needs a guardian: stopping processing is always honoured, whoever asks.
 *   - Guardian name and relation come together: one without the other is refused (`guardian_incomplete`).
 *   - The age is computed on the UTC calendar date of the decision, which in Indonesia (UTC+7..+9) is the local date
 *     or the day before — never later — so a person turning 18 that day may still be treated as 17 (the safe side).
 */
export const ADULT_AGE = 18;

export interface GuardianFacts {
  status: 'given' | 'withdrawn';
  /** The subject's birth date (ISO), null when unknown. */
  birthDate: string | null;
  /** The decision date (ISO date or date-time; its first 10 characters are used). */
  decidedOn: string;
  guardianName: string | null;
  guardianRelation: string | null;
}

export type GuardianVerdict =
  | { ok: true; guardian: { name: string; relation: string } | null }
  | { ok: false; code: 'guardian_required' | 'guardian_incomplete'; reason: Bilingual };

export function checkGuardian(facts: GuardianFacts): GuardianVerdict {
  const name = facts.guardianName?.trim() || null;
  const relation = facts.guardianRelation?.trim() || null;
  if ((name === null) !== (relation === null))
    return {
      ok: false,
      code: 'guardian_incomplete',
      reason: say(
        'guardian: give both the guardian’s name and their relation to the person, or neither',
        'wali: isi nama wali dan hubungannya dengan orang tersebut, atau kosongkan keduanya',
      ),
    };
  const guardian = name !== null && relation !== null ? { name, relation } : null;
  if (facts.status === 'given' && guardian === null && facts.birthDate !== null) {
    const age = ageOn(facts.birthDate, facts.decidedOn);
    if (age < ADULT_AGE)
      return {
        ok: false,
        code: 'guardian_required',
        reason: say(
          `aged ${age} on ${facts.decidedOn.slice(0, 10)}: a child’s consent must be given by a parent or guardian (guardian name and relation)`,
          `berusia ${age} pada ${facts.decidedOn.slice(0, 10)}: persetujuan anak harus diberikan oleh orang tua atau wali (nama dan hubungan wali)`,
        ),
      };
  }
  return { ok: true, guardian };
}
