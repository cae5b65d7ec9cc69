/**
 * Founding a community cooperative (Kopdes Merah Putih) where none serves a poor village: the checklist (pure).
 * Each step is a dated fact with its document; the last one registers the cooperative.
 *
 *   musdesus          special village deliberation held (berita acara Musdesus)
 *   founders          at least 9 founders signed (the founders' list)
 *   ad_art            articles of association adopted (AD/ART)
 *   legal_entity      legal-entity number granted (SK AHU), which becomes the registration number
 *   bank_account      the cooperative's bank account opened (bank and account number)
 *   officers_elected  pengurus and pengawas elected (berita acara)
 *
 * Order: Musdesus first; the founders sign before the articles; the legal entity needs Musdesus, founders and
 * AD/ART; the bank account needs the legal entity. No step is dated before the one it needs.
 */
import { say, type Bilingual } from '../../shared/errors.js';

export const FOUNDING_STEPS = [
  'musdesus',
  'founders',
  'ad_art',
  'legal_entity',
  'bank_account',
  'officers_elected',
] as const;
export type FoundingStep = (typeof FOUNDING_STEPS)[number];

export const MIN_FOUNDERS = 9;

const NEEDS: Record<FoundingStep, readonly FoundingStep[]> = {
  musdesus: [],
  founders: ['musdesus'],
  ad_art: ['founders'],
  legal_entity: ['musdesus', 'founders', 'ad_art'],
  bank_account: ['legal_entity'],
  officers_elected: ['musdesus'],
};

export interface StepRecord {
  step: FoundingStep;
  doneOn: string;
  document: string;
  details: { founders?: number; legal_entity_no?: string; bank?: string; account_no?: string };
}

export function isFoundingStep(s: string): s is FoundingStep {
  return (FOUNDING_STEPS as readonly string[]).includes(s);
}

/** Why this step cannot be recorded now (null: it can). */
export function stepRefusal(done: readonly StepRecord[], next: StepRecord): Bilingual | null {
  if (done.some((d) => d.step === next.step))
    return say(`step ${next.step} is already recorded`, `langkah ${next.step} sudah tercatat`);
  for (const need of NEEDS[next.step]) {
    const prior = done.find((d) => d.step === need);
    if (!prior)
      return say(
        `step ${next.step} needs ${need} first`,
        `langkah ${next.step} memerlukan ${need} lebih dulu`,
      );
    if (prior.doneOn > next.doneOn)
      return say(
        `step ${next.step} on ${next.doneOn} is dated before ${need} (${prior.doneOn})`,
        `langkah ${next.step} pada ${next.doneOn} bertanggal sebelum ${need} (${prior.doneOn})`,
      );
  }
  if (next.step === 'founders' && (next.details.founders ?? 0) < MIN_FOUNDERS)
    return say(
      `at least ${MIN_FOUNDERS} founders are needed, got ${next.details.founders ?? 0}`,
      `minimal ${MIN_FOUNDERS} pendiri diperlukan, diberikan ${next.details.founders ?? 0}`,
    );
  if (next.step === 'legal_entity' && !next.details.legal_entity_no?.trim())
    return say('legal_entity needs the legal-entity number', 'legal_entity memerlukan nomor badan hukum');
  if (next.step === 'bank_account' && (!next.details.bank?.trim() || !next.details.account_no?.trim()))
    return say(
      'bank_account needs the bank and the account number',
      'bank_account memerlukan nama bank dan nomor rekening',
    );
  return null;
}

export interface FoundingProgress {
  steps: {
    step: FoundingStep;
    done: boolean;
    done_on: string | null;
    document: string | null;
    /** What the step recorded beside its document: founders, legal-entity number, bank and account. */
    details: StepRecord['details'] | null;
  }[];
  missing: FoundingStep[];
  ready: boolean;
}

export function foundingProgress(done: readonly StepRecord[]): FoundingProgress {
  const steps = FOUNDING_STEPS.map((step) => {
    const d = done.find((x) => x.step === step);
    return {
      step,
      done: d !== undefined,
      done_on: d?.doneOn ?? null,
      document: d?.document ?? null,
      details: d?.details ?? null,
    };
  });
  const missing = steps.filter((s) => !s.done).map((s) => s.step);
  return { steps, missing, ready: missing.length === 0 };
}
