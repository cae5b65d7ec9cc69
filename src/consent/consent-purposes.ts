import { UserError } from '../shared/errors.js';

/**
 * What a person can consent to. UU 27/2022 art. 22 asks for consent per purpose, so each purpose is separate:
 *   cooperative_enrolment — being enrolled as a member of a Koperasi Desa/Kelurahan Merah Putih (pilots);
 *   data_sharing_dci      — the household's record being returned to other systems by the DCI registry search;
 *   linkage               — the person's records being linked across source lists.
 * Adding a purpose here is enough: the table accepts any snake_case purpose, the API validates against this list.
 */
export const CONSENT_PURPOSES = ['cooperative_enrolment', 'data_sharing_dci', 'linkage'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * How a decision was taken: a signed form (written), a digital confirmation, a thumbprint on the form (cap jempol,
 * for people who do not sign), a recorded verbal decision with a witness, or a data-subject request (withdrawals).
 */
export const CONSENT_METHODS = [
  'written',
  'digital',
  'verbal_witnessed',
  'thumbprint',
  'data_subject_request',
] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export type ConsentStatus = 'given' | 'withdrawn';

export function isConsentPurpose(value: string): value is ConsentPurpose {
  return (CONSENT_PURPOSES as readonly string[]).includes(value);
}

export function requireConsentPurpose(value: string): ConsentPurpose {
  if (!isConsentPurpose(value)) {
    throw new UserError(
      `unknown consent purpose "${value.slice(0, 60)}": expected one of ${CONSENT_PURPOSES.join(', ')}`,
      'invalid_purpose',
    );
  }
  return value;
}
