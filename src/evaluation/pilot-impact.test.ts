/**
 * Are the pilot estimator's standard errors the right size? (issue 17)
 *
 * 1. An independent reference: a small synthetic pilot (testdata/pilot-itt.csv, 14 villages, a village shock)
 *    fitted with statsmodels by testdata/reference/pilot_itt_reference.py; its printed numbers are the literals
 *    below.
 * 2. A Monte Carlo check of the data-generating process the demo's follow-up plants (baseline welfare, trend,
 *    household noise, attrition, an effect in treated clusters) plus a village shock that makes clustering
 *    matter: over many seeded datasets the CR1 standard error must match the estimator's spread and the 95%
 *    interval must cover the true effect 95% of the time, within a binomial tolerance. The same datasets with
 *    classical (non-clustered) standard errors fail that check — so the test can tell mis-sized SEs apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../shared/random.js';
import type { TextTable } from './design.js';
import { regress } from './regress.js';
import {
  estimatePilotImpact,
  type PilotData,
  type PilotHousehold,
  type PilotMethod,
  type PilotObservation,
} from './pilot-impact.js';

const BASELINE = '2026-01-31';
const FOLLOWUP = '2026-10-31';

describe('pilot ITT against statsmodels (testdata/pilot-itt.csv)', () => {
  // python3 src/evaluation/testdata/reference/pilot_itt_reference.py (statsmodels 0.15.0, numpy 2.4.6):
  // OLS y1 ~ treat + y0 + C(stratum), cov_type='cluster' with use_correction and df_correction, use_t.
  const reference = {
    welfare: {
      n: 61,
      clusters: 14,
      df: 13,
      estimate: 0.159213128705,
      se: 0.162301067057,
      p: 0.344510107998,
      ci_low: -0.191417009476,
      ci_high: 0.509843266886,
      classical_se: 0.110107910781,
    },
    welfare_z: {
      n: 61,
      clusters: 14,
      df: 13,
      estimate: 0.223884780746,
      se: 0.228227025677,
      p: 0.344510107998,
      ci_low: -0.269169732084,
      ci_high: 0.716939293576,
      classical_se: 0.154833245626,
    },
  };
  const lines = readFileSync(new URL('./testdata/pilot-itt.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const households: PilotHousehold[] = [];
  const observations: PilotObservation[] = [];
  for (const line of lines.slice(1)) {
    const [id, cluster, stratum, treat, pmt0, pmt1] = line.split(',');
    const household = Number(id);
    households.push({
      household,
      cluster: cluster!,
      stratum: stratum!,
      treated: treat === '1',
      treatedFrom: treat === '1' ? '2026-03-01' : null,
    });
    observations.push({ household, date: BASELINE, pmtScore: Number(pmt0), decile: 1, member: false });
    if (pmt1)
      observations.push({ household, date: FOLLOWUP, pmtScore: Number(pmt1), decile: 1, member: false });
  }
  const data: PilotData = {
    design: 'randomized',
    households,
    observations,
    baseline: BASELINE,
    followup: FOLLOWUP,
  };

  it.each(['welfare', 'welfare_z'] as const)('%s: estimate, CR1 se, p and interval to 1e-9', (outcome) => {
    const r = estimatePilotImpact(data, { outcome, bootstrapDraws: 999, riDraws: 99 });
    const ref = reference[outcome];
    expect(r).toMatchObject({
      method: 'itt',
      n: ref.n,
      clusters: ref.clusters,
      strata: 2,
      few_clusters: true,
    });
    expect(r.formula).toBe('y ~ treat + y0 + factor(stratum)');
    expect(r.effect.df).toBe(ref.df);
    for (const key of ['estimate', 'se', 'p', 'ci_low', 'ci_high'] as const)
      expect(Math.abs(r.effect[key] - ref[key]), key).toBeLessThan(1e-9);
    // Clustering matters here: the classical SE would be a third smaller.
    expect(ref.classical_se / ref.se).toBeLessThan(0.7);
    expect(r.attrition).toMatchObject({ treated: 1, control: 2 });
  });
});

/**
 * One dataset of the demo's process with a village shock: `clusters` villages in 3 strata (randomised half to
 * treatment within stratum), 4–12 households each; baseline log welfare = stratum level + village level
 * (sd 0.3) + household (sd 0.5); follow-up = baseline + trend 0.05 + village shock (sd 0.25) + household noise
 * (sd 0.3) + `effect` in treated villages; 6% lost to follow-up.
 */
function simulatePilot(rng: Rng, effect: number, clusters = 60): PilotData {
  const households: PilotHousehold[] = [];
  const observations: PilotObservation[] = [];
  let id = 0;
  for (let s = 0; s < 3; s++) {
    const perStratum = clusters / 3;
    const order = Array.from({ length: perStratum }, (_, i) => ({ i, key: rng.next() })).sort(
      (a, b) => a.key - b.key,
    );
    const treatedSet = new Set(order.slice(0, perStratum / 2).map((o) => o.i));
    for (let c = 0; c < perStratum; c++) {
      const cluster = `s${s}c${c}`;
      const treated = treatedSet.has(c);
      const level = 13 + 0.3 * s + 0.3 * rng.normal();
      const shock = 0.25 * rng.normal();
      const size = rng.int(4, 12);
      for (let k = 0; k < size; k++) {
        const household = ++id;
        households.push({
          household,
          cluster,
          stratum: `s${s}`,
          treated,
          treatedFrom: treated ? '2026-03-01' : null,
        });
        const w0 = level + 0.5 * rng.normal();
        observations.push({ household, date: BASELINE, pmtScore: Math.exp(w0), decile: 1, member: false });
        const w1 = w0 + 0.05 + shock + 0.3 * rng.normal() + (treated ? effect : 0);
        if (!rng.chance(0.06))
          observations.push({ household, date: FOLLOWUP, pmtScore: Math.exp(w1), decile: 1, member: false });
      }
    }
  }
  return { design: 'randomized', households, observations, baseline: BASELINE, followup: FOLLOWUP };
}

/** The same model with classical standard errors (what ignoring the clusters would report). */
function classicalSe(data: PilotData): number {
  const y0 = new Map<number, number>();
  const y1 = new Map<number, number>();
  for (const o of data.observations) (o.date === BASELINE ? y0 : y1).set(o.household, Math.log(o.pmtScore!));
  const rows = data.households.filter((h) => y1.has(h.household));
  const table: TextTable = {
    source: 'simulation',
    headers: ['y', 'treat', 'y0', 'stratum'],
    columns: new Map([
      ['y', rows.map((h) => String(y1.get(h.household)))],
      ['treat', rows.map((h) => (h.treated ? '1' : '0'))],
      ['y0', rows.map((h) => String(y0.get(h.household)))],
      ['stratum', rows.map((h) => h.stratum)],
    ]),
  };
  return regress(table, 'y ~ treat + y0 + factor(stratum)', { se: 'classical' }).coefficients.find(
    (c) => c.term === 'treat',
  )!.se;
}

interface Summary {
  coverage: number;
  rejection: number;
  meanSe: number;
  sd: number;
  classicalCoverage: number;
}

function monteCarlo(effect: number, datasets: number, method: PilotMethod): Summary {
  const rng = createRng(`pilot-se-monte-carlo/${method}/${effect}`);
  const estimates: number[] = [];
  let covered = 0;
  let rejected = 0;
  let seSum = 0;
  let classicalCovered = 0;
  for (let d = 0; d < datasets; d++) {
    const data = simulatePilot(rng.fork(d), effect);
    const r = estimatePilotImpact(data, { outcome: 'welfare', method });
    expect(r.clusters).toBe(60);
    const e = r.effect;
    estimates.push(e.estimate);
    seSum += e.se;
    if (e.ci_low <= effect && effect <= e.ci_high) covered++;
    if (e.p < 0.05) rejected++;
    if (method === 'itt') {
      // Same t quantile (59 df) as the CR1 interval, so only the size of the SE differs.
      const half = ((e.ci_high - e.ci_low) / 2 / e.se) * classicalSe(data);
      if (Math.abs(e.estimate - effect) <= half) classicalCovered++;
    }
  }
  const m = estimates.reduce((s, v) => s + v, 0) / datasets;
  const sd = Math.sqrt(estimates.reduce((s, v) => s + (v - m) ** 2, 0) / (datasets - 1));
  return {
    coverage: covered / datasets,
    rejection: rejected / datasets,
    meanSe: seSum / datasets,
    sd,
    classicalCoverage: classicalCovered / datasets,
  };
}

describe('pilot standard errors are the right size (Monte Carlo, seeded)', () => {
  const N = 400;
  // Binomial SD of a 95% coverage share over 400 datasets: √(0.95·0.05/400) ≈ 0.011; the band is ±3.2 SD
  // (CR1 with 60 clusters and t(59) covers slightly under 95%, so the band is centred a little low).
  const band = { low: 0.91, high: 0.985 };
  // The SD of 400 estimates has a relative sampling error of ≈ 1/√798 ≈ 3.5%: mean SE / SD within ±15%.
  const ratio = { low: 0.85, high: 1.15 };

  it('ITT with a planted effect: CR1 se ≈ the spread of the estimates, 95% coverage', () => {
    const s = monteCarlo(0.2, N, 'itt');
    expect(s.meanSe / s.sd, JSON.stringify(s)).toBeGreaterThan(ratio.low);
    expect(s.meanSe / s.sd, JSON.stringify(s)).toBeLessThan(ratio.high);
    expect(s.coverage, JSON.stringify(s)).toBeGreaterThan(band.low);
    expect(s.coverage, JSON.stringify(s)).toBeLessThan(band.high);
    // The same datasets with standard errors that ignore the villages cover far too rarely: this check fails
    // on mis-sized SEs.
    expect(s.classicalCoverage, JSON.stringify(s)).toBeLessThan(band.low - 0.1);
  });

  it('ITT without an effect: a 5% test rejects about 5% of the time', () => {
    const s = monteCarlo(0, N, 'itt');
    // Binomial SD of a 5% share over 400: 0.011.
    expect(s.rejection, JSON.stringify(s)).toBeGreaterThan(0.015);
    expect(s.rejection, JSON.stringify(s)).toBeLessThan(0.09);
    expect(s.meanSe / s.sd, JSON.stringify(s)).toBeGreaterThan(ratio.low);
    expect(s.meanSe / s.sd, JSON.stringify(s)).toBeLessThan(ratio.high);
  });

  it('difference-in-differences clustered by village: the same checks', () => {
    const s = monteCarlo(0.2, N / 2, 'did');
    // 200 datasets: binomial SD 0.015, SD relative error 5%.
    expect(s.coverage, JSON.stringify(s)).toBeGreaterThan(0.9);
    expect(s.coverage, JSON.stringify(s)).toBeLessThan(0.995);
    expect(s.meanSe / s.sd, JSON.stringify(s)).toBeGreaterThan(0.8);
    expect(s.meanSe / s.sd, JSON.stringify(s)).toBeLessThan(1.2);
  });
});
