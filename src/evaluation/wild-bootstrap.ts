/**
 * Wild cluster bootstrap (restricted, "WCR"; Cameron, Gelbach & Miller 2008; MacKinnon & Webb 2017) of the
 * CR1 t statistic of one coefficient, for when clusters are few (under about 40) and CR1's t on G − 1 degrees
 * of freedom over-rejects. The null β_j = 0 is imposed: the model without term j gives fitted values ỹ and
 * residuals ũ; each draw multiplies every cluster's residuals by one weight v_g (Rademacher ±1, or Webb's six
 * points ±√½, ±1, ±√1.5) and refits y* = ỹ + v·ũ. The p-value is the share of |t*| ≥ |t| (symmetric), as
 * boottest (Stata, R fwildclusterboot) reports by default.
 *
 * With Rademacher weights and 2^G ≤ draws, every sign pattern is enumerated once instead (the exact
 * distribution, as boottest does). Each draw costs O(G·k): X′y* and the cluster scores are sums of per-cluster
 * pieces computed once.
 */
import { inverse, Matrix } from 'ml-matrix';
import { say, UserError } from '../shared/errors.js';
import { createRng } from '../shared/random.js';
import type { Design } from './design.js';
import { triangularFit } from './least-squares.js';
import { fitOls } from './ols.js';

export type WildWeights = 'rademacher' | 'webb';
export const WILD_WEIGHTS: readonly WildWeights[] = ['rademacher', 'webb'];

export interface WildBootstrapOptions {
  /** The term tested (β = 0). */
  term: string;
  draws: number;
  weights: WildWeights;
  seed: string | number;
}

export interface WildBootstrapResult {
  term: string;
  estimate: number;
  /** CR1 t statistic of the original fit. */
  t: number;
  /** Bootstrap p-value, share of draws with |t*| ≥ |t|. */
  p: number;
  weights: WildWeights;
  /** Draws made (2^G when enumerated). */
  draws: number;
  enumerated: boolean;
  clusters: number;
  seed: string;
}

const WEBB = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];

/** β and (X′X)⁻¹ of least squares on x (full column rank; the caller's OLS fit has checked). */
function leastSquares(x: Matrix, y: ArrayLike<number>): { beta: Matrix; bread: Matrix } {
  const { r, qty } = triangularFit(x, y);
  const rInverse = inverse(r);
  return { beta: rInverse.mmul(Matrix.columnVector(qty)), bread: rInverse.mmul(rInverse.transpose()) };
}

export function wildClusterBootstrap(design: Design, options: WildBootstrapOptions): WildBootstrapResult {
  const { term, draws, weights, seed } = options;
  if (!Number.isInteger(draws) || draws < 99)
    throw new UserError(
      say(
        `bootstrap draws must be a whole number of at least 99, got ${draws}`,
        `jumlah tarikan bootstrap harus bilangan bulat minimal 99, bukan ${draws}`,
      ),
      'bad_option',
    );
  const original = fitOls(design, 'cr1');
  const j = design.names.indexOf(term);
  if (j < 0)
    throw new UserError(
      say(
        `no term "${term}" in the model (terms: ${design.names.join(', ')})`,
        `tidak ada suku "${term}" dalam model (suku: ${design.names.join(', ')})`,
      ),
      'unknown_term',
    );
  if (design.names.length < 2)
    throw new UserError(
      say(
        'the wild bootstrap needs at least one term besides the one tested',
        'bootstrap liar memerlukan paling sedikit satu suku selain yang diuji',
      ),
      'empty_model',
    );
  const { n } = design;
  const k = design.names.length;
  const g = design.clusterCount;
  const clusters = design.clusters!;
  const root = design.weights ? design.weights.map(Math.sqrt) : null;
  const x = root ? design.x.clone().mulColumnVector(root) : design.x;
  const y = root ? Array.from(design.y, (v, i) => v * root[i]!) : Array.from(design.y);

  // The restricted fit (term j left out) gives ỹ and ũ.
  const others = Array.from({ length: k }, (_, c) => c).filter((c) => c !== j);
  const restricted = x.subMatrixColumn(others);
  const fitted = restricted.mmul(leastSquares(restricted, y).beta).getColumn(0);
  const { bread } = leastSquares(x, y);
  const q = bread.getRow(j);

  // Per cluster: a_g = X_g′ỹ_g, b_g = X_g′ũ_g, and C_g q (C_g = X_g′X_g), reduced to what the draws need.
  const a = new Matrix(g, k);
  const b = new Matrix(g, k);
  const cq = new Matrix(g, k);
  for (let i = 0; i < n; i++) {
    const c = clusters[i]!;
    const u = y[i]! - fitted[i]!;
    let xq = 0;
    for (let m = 0; m < k; m++) xq += x.get(i, m) * q[m]!;
    for (let m = 0; m < k; m++) {
      const xm = x.get(i, m);
      a.set(c, m, a.get(c, m) + xm * fitted[i]!);
      b.set(c, m, b.get(c, m) + xm * u);
      cq.set(c, m, cq.get(c, m) + xm * xq);
    }
  }
  const dot = (row: number[], v: ArrayLike<number>) => row.reduce((s, r, m) => s + r * v[m]!, 0);
  const qa = Array.from({ length: g }, (_, c) => dot(a.getRow(c), q));
  const qb = Array.from({ length: g }, (_, c) => dot(b.getRow(c), q));
  const aRows = Array.from({ length: g }, (_, c) => a.getRow(c));
  const bRows = Array.from({ length: g }, (_, c) => b.getRow(c));
  const cqRows = Array.from({ length: g }, (_, c) => cq.getRow(c));
  const breadRows = Array.from({ length: k }, (_, m) => bread.getRow(m));
  const factor = (g / (g - 1)) * ((n - 1) / (n - k));

  const xty = new Float64Array(k);
  const betaStar = new Float64Array(k);
  const tStar = (v: ArrayLike<number>): number => {
    xty.fill(0);
    for (let c = 0; c < g; c++) {
      const ac = aRows[c]!;
      const bc = bRows[c]!;
      const vc = v[c]!;
      for (let m = 0; m < k; m++) xty[m] = xty[m]! + ac[m]! + vc * bc[m]!;
    }
    for (let m = 0; m < k; m++) betaStar[m] = dot(breadRows[m]!, xty);
    // Var(β*_j) = factor · Σ_g (q′s_g)², s_g = X_g′y*_g − C_g β*.
    let meat = 0;
    for (let c = 0; c < g; c++) {
      const score = qa[c]! + v[c]! * qb[c]! - dot(cqRows[c]!, betaStar);
      meat += score * score;
    }
    return betaStar[j]! / Math.sqrt(factor * meat);
  };

  const observed = original.coefficients[j]!;
  const threshold = Math.abs(observed.t) * (1 - 1e-12);
  let exceed = 0;
  let total = 0;
  const enumerated = weights === 'rademacher' && g <= 30 && 2 ** g <= draws;
  const v = new Float64Array(g);
  if (enumerated) {
    total = 2 ** g;
    for (let pattern = 0; pattern < total; pattern++) {
      for (let c = 0; c < g; c++) v[c] = (Math.floor(pattern / 2 ** c) & 1) === 1 ? -1 : 1;
      if (Math.abs(tStar(v)) >= threshold) exceed++;
    }
  } else {
    const rng = createRng(`entas-wild-bootstrap/1:${seed}`);
    total = draws;
    for (let d = 0; d < draws; d++) {
      for (let c = 0; c < g; c++)
        v[c] = weights === 'webb' ? WEBB[rng.int(0, 5)]! : rng.next() < 0.5 ? -1 : 1;
      if (Math.abs(tStar(v)) >= threshold) exceed++;
    }
  }
  return {
    term,
    estimate: observed.estimate,
    t: observed.t,
    p: exceed / total,
    weights,
    draws: total,
    enumerated,
    clusters: g,
    seed: String(seed),
  };
}
