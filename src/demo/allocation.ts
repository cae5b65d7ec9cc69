import type { SynthVillage } from '../synth/household.js';
import type { Rng } from '../shared/random.js';

/**
 * Spreads `total` households over villages: each village gets a random size (log-normal, kelurahan larger, as
 * towns are), shares are rounded down and the remainder goes to the largest fractions (ties to the earlier
 * village), so the counts add up exactly and depend only on the rng. Pure.
 */
export function allocateHouseholds(rng: Rng, villages: readonly SynthVillage[], total: number): number[] {
  const weights = villages.map((v) => Math.exp(0.6 * rng.normal()) * (v.kind === 'kelurahan' ? 2.5 : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let remainder = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; remainder > 0; k++, remainder--) counts[order[k % order.length]![1]]!++;
  return counts;
}
