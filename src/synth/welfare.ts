import { normalQuantile } from './normal.js';
import type { Rng } from '../shared/random.js';

/**
 * Latent welfare on a national standard-normal scale (higher = better off). National deciles are its
 * tenths; the national poverty rate (BPS Sep 2025: 8.25 %) fixes the poverty line on the same scale.
 * A region with poverty rate p is modelled as N(shift, 1) with shift chosen so that a share p falls below
 * the national line; villages add a shared effect (poverty clusters) and households their own noise.
 */
export const NATIONAL_POVERTY_RATE = 0.0825;
export const POVERTY_LINE_Z = normalQuantile(NATIONAL_POVERTY_RATE);
/** BPS poverty line, Sep 2025, rupiah per capita per month. */
export const POVERTY_LINE_RUPIAH = 641_443;

const DECILE_CUTS = Array.from({ length: 9 }, (_, i) => normalQuantile((i + 1) / 10));

/** Mean welfare of a region whose poverty rate is `povertyRate` (0–1). */
export function regionWelfareShift(povertyRate: number): number {
  return POVERTY_LINE_Z - normalQuantile(povertyRate);
}

/** National decile (1 = poorest tenth) of a welfare score. */
export function welfareDecile(score: number): number {
  let decile = 1;
  for (const cut of DECILE_CUTS) if (score > cut) decile++;
  return decile;
}

/**
 * Proxy-means-test result for a household: the PMT predicts welfare with error (sd `pmtError`), and the
 * decile is assigned from the prediction, which is where targeting errors start. The score is the predicted
 * per-capita monthly expenditure in rupiah (equal to the poverty line at the poverty-line welfare).
 */
export function proxyMeansTest(
  rng: Rng,
  welfare: number,
  pmtError = 0.35,
): { decile: number; score: number; predicted: number } {
  const predicted = welfare + pmtError * rng.normal();
  return {
    predicted,
    decile: welfareDecile(predicted),
    score: Math.round(POVERTY_LINE_RUPIAH * Math.exp(0.55 * (predicted - POVERTY_LINE_Z))),
  };
}

/** Village and household components of welfare: total variance stays 1, `villageShare` of it shared. */
export function householdWelfare(
  rng: Rng,
  regionShift: number,
  villageEffect: number,
  villageShare = 0.25,
): number {
  return regionShift + villageEffect + Math.sqrt(1 - villageShare) * rng.normal();
}

export function villageWelfareEffect(rng: Rng, urban: boolean, villageShare = 0.25): number {
  return Math.sqrt(villageShare) * rng.normal() + (urban ? 0.35 : -0.05);
}
