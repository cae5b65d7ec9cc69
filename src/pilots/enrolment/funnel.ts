/**
 * The enrolment funnel (issue 15), as pure rules: which state may follow which, and what each step needs.
 *
 *   identified → contacted → consented → registered → paid_pokok → active
 *   side exits: declined (said no), unreachable (not found; may be contacted again), ineligible (fails the
 *   registrar's rules or the eligibility check; final), withdrawn (took back consent; final for this pilot
 *   unless consent is given again, which re-enters at consented).
 *
 * Consent is enforced here: entering consented, registered, paid_pokok or active needs a current
 * `cooperative_enrolment` consent of the person; a withdrawn consent allows only the move to withdrawn.
 */
import { say, type Bilingual } from '../../shared/errors.js';

export const FUNNEL_STATES = [
  'identified',
  'contacted',
  'consented',
  'registered',
  'paid_pokok',
  'active',
  'declined',
  'unreachable',
  'ineligible',
  'withdrawn',
] as const;
export type FunnelState = (typeof FUNNEL_STATES)[number];

/** The funnel's main path, in order; the other states are side exits (counted apart). */
export const FUNNEL_STEPS = [
  'identified',
  'contacted',
  'consented',
  'registered',
  'paid_pokok',
  'active',
] as const satisfies readonly FunnelState[];
export const FUNNEL_EXITS = [
  'declined',
  'unreachable',
  'ineligible',
  'withdrawn',
] as const satisfies readonly FunnelState[];

/** The allowed next states of each state. */
export const TRANSITIONS: Readonly<Record<FunnelState, readonly FunnelState[]>> = {
  identified: ['contacted', 'unreachable', 'ineligible'],
  contacted: ['consented', 'declined', 'unreachable', 'ineligible'],
  unreachable: ['contacted', 'ineligible'],
  declined: ['contacted'],
  consented: ['registered', 'withdrawn', 'ineligible'],
  registered: ['paid_pokok', 'withdrawn'],
  paid_pokok: ['active', 'withdrawn'],
  active: ['withdrawn'],
  withdrawn: ['consented'],
  ineligible: [],
};

/** States that may only be entered with a current cooperative_enrolment consent. */
export const NEEDS_CONSENT: readonly FunnelState[] = ['consented', 'registered', 'paid_pokok', 'active'];

/** States in which the person is still worked on (work lists, exports). */
export const OPEN_STATES: readonly FunnelState[] = [
  'identified',
  'contacted',
  'unreachable',
  'consented',
  'registered',
  'paid_pokok',
];

export interface TransitionFacts {
  /** The person has a current (latest decision = given) cooperative_enrolment consent. */
  hasConsent: boolean;
  /** The household's cluster is in the treatment arm and its wave is open. */
  clusterOpen: boolean;
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'invalid_transition' | 'consent_required' | 'cluster_not_open'; reason: Bilingual };

export function isFunnelState(value: string): value is FunnelState {
  return (FUNNEL_STATES as readonly string[]).includes(value);
}

/** Whether `from → to` may happen given the facts; the reason names the rule when it may not. */
export function checkTransition(from: FunnelState, to: FunnelState, facts: TransitionFacts): TransitionCheck {
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from];
    const list = allowed.length === 0 ? '(none: final)' : allowed.join(', ');
    return {
      ok: false,
      code: 'invalid_transition',
      reason: say(
        `enrolment cannot move from ${from} to ${to}; allowed next: ${list}`,
        `pendaftaran tidak dapat berpindah dari ${from} ke ${to}; yang diizinkan: ${list === '(none: final)' ? '(tidak ada: tahap akhir)' : list}`,
      ),
    };
  }
  if (to !== 'withdrawn' && to !== 'ineligible' && !facts.clusterOpen) {
    return {
      ok: false,
      code: 'cluster_not_open',
      reason: say(
        'the household is not in a treatment cluster of an open wave: no enrolment steps are taken',
        'rumah tangga tidak berada di klaster perlakuan pada gelombang yang dibuka: tidak ada langkah pendaftaran',
      ),
    };
  }
  if (NEEDS_CONSENT.includes(to) && !facts.hasConsent) {
    return {
      ok: false,
      code: 'consent_required',
      reason: say(
        `${to} needs a current cooperative_enrolment consent of the person (signed form, thumbprint, or verbal with a witness)`,
        `${to} memerlukan persetujuan cooperative_enrolment yang berlaku dari orang tersebut (formulir bertanda tangan, cap jempol, atau lisan dengan saksi)`,
      ),
    };
  }
  return { ok: true };
}
