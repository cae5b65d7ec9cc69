/**
 * (Weighted) least squares with classical, heteroskedasticity-robust (HC1) and cluster-robust (CR1) standard
 * errors, matching R `lm` + `sandwich`/`fixest` and Stata `regress, vce(robust|cluster)`. The fit uses the QR
 * decomposition of √W·X (ml-matrix, see least-squares.ts); (X′WX)⁻¹ is R⁻¹R⁻ᵀ from that QR, never an inverse of
 * X′X itself.
 */
import { inverse, Matrix } from 'ml-matrix';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { say, UserError } from '../shared/errors.js';
import type { Design } from './design.js';
import { triangularFit } from './least-squares.js';

export type SeType = 'classical' | 'hc1' | 'cr1';

export interface Coefficient {
  term: string;
  estimate: number;
  se: number;
  t: number;
  p: number;
  ci_low: number;
  ci_high: number;
}

export interface OlsResult {
  n: number;
  clusters: number | null;
  se_type: SeType;
  /** Degrees of freedom of the t distribution behind p-values and intervals (N − K, or G − 1 for CR1). */
  df: number;
  dropped: number;
  coefficients: Coefficient[];
}

/** A column whose part not explained by the columns before it is below this share of its length is collinear. */
const RANK_TOLERANCE = 1e-7;

/** Fits y on the design's columns; `se` chooses the variance estimator, CR1 needs the design's clusters. */
export function fitOls(design: Design, se: SeType, level = 0.95): OlsResult {
  const { n, names } = design;
  const k = names.length;
  if (k === 0)
    throw new UserError(say('the model has no terms', 'model tidak memiliki suku apa pun'), 'empty_model');
  if (n <= k)
    throw new UserError(
      say(
        `${n} rows left for ${k} coefficients: at least ${k + 1} are needed`,
        `tersisa ${n} baris untuk ${k} koefisien: diperlukan paling sedikit ${k + 1}`,
      ),
      'too_few_rows',
    );
  if (se === 'cr1' && (!design.clusters || design.clusterCount < 2))
    throw new UserError(
      say(
        'CR1 standard errors need a cluster column with two or more clusters',
        'galat baku CR1 memerlukan kolom klaster dengan dua klaster atau lebih',
      ),
      'too_few_clusters',
    );

  // Weighted least squares is ordinary least squares on rows scaled by √w.
  const root = design.weights ? design.weights.map(Math.sqrt) : null;
  const xw = root ? design.x.clone().mulColumnVector(root) : design.x;
  const yw = Matrix.columnVector(root ? Array.from(design.y, (v, i) => v * root[i]!) : Array.from(design.y));

  const { r, qty } = triangularFit(xw, yw.getColumn(0));
  const collinear = collinearColumns(xw, names, r);
  if (collinear.length > 0)
    throw new UserError(
      say(
        `collinear terms: ${collinear.join(', ')} (each is a linear combination of the terms before it); remove them from the formula`,
        `suku kolinear: ${collinear.join(', ')} (masing-masing kombinasi linear dari suku sebelumnya); hapus dari formula`,
      ),
      'collinear_terms',
    );
  // R is triangular and well conditioned once collinear columns are excluded; its inverse gives both b = R⁻¹Q′y
  // and (X′WX)⁻¹ = R⁻¹R⁻ᵀ.
  const rInverse = inverse(r);
  const beta = rInverse.mmul(Matrix.columnVector(qty));
  const residuals = Matrix.sub(yw, xw.mmul(beta));
  const bread = rInverse.mmul(rInverse.transpose());

  let variance: Matrix;
  let df: number;
  if (se === 'classical') {
    const sigma2 = residuals.dot(residuals) / (n - k);
    variance = bread.mul(sigma2);
    df = n - k;
  } else {
    // Scores: each row's √w·x times its √w·residual (= w·e·x); CR1 sums them within clusters first.
    const scores = xw.clone().mulColumnVector(residuals);
    let summed = scores;
    let factor = n / (n - k);
    df = n - k;
    if (se === 'cr1') {
      const g = design.clusterCount;
      summed = new Matrix(g, k);
      design.clusters!.forEach((c, i) => {
        for (let j = 0; j < k; j++) summed.set(c, j, summed.get(c, j) + scores.get(i, j));
      });
      factor = (g / (g - 1)) * ((n - 1) / (n - k));
      df = g - 1;
    }
    const meat = summed.transpose().mmul(summed);
    variance = bread.mmul(meat).mmul(bread).mul(factor);
  }

  const critical = tQuantile(1 - (1 - level) / 2, df);
  const coefficients = names.map((term, j): Coefficient => {
    const estimate = beta.get(j, 0);
    const seJ = Math.sqrt(variance.get(j, j));
    const t = estimate / seJ;
    return {
      term,
      estimate,
      se: seJ,
      t,
      p: 2 * tCdf(-Math.abs(t), df),
      ci_low: estimate - critical * seJ,
      ci_high: estimate + critical * seJ,
    };
  });
  return {
    n,
    clusters: se === 'cr1' ? design.clusterCount : null,
    se_type: se,
    df,
    dropped: design.dropped,
    coefficients,
  };
}

/**
 * Names of the columns that are (numerically) linear combinations of the columns before them, as R's `lm`
 * would report NA for. Householder QR without pivoting measures the first such column exactly (its R diagonal
 * is its distance from the span of the earlier ones); that column is then left out and the QR redone.
 */
function collinearColumns(x: Matrix, names: string[], fullR: Matrix): string[] {
  const kept = names.map((_, j) => j);
  const out: string[] = [];
  const squares = new Float64Array(x.columns);
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.columns; j++) squares[j] = squares[j]! + x.get(i, j) ** 2;
  while (kept.length > 0) {
    const sub = kept.length === names.length ? x : x.subMatrixColumn(kept);
    const r = kept.length === names.length ? fullR : triangularFit(sub, new Float64Array(x.rows)).r;
    const bad = kept.findIndex((column, j) => {
      const norm = Math.sqrt(squares[column]!);
      return norm === 0 || Math.abs(r.get(j, j)) <= RANK_TOLERANCE * norm;
    });
    if (bad < 0) return out;
    out.push(names[kept[bad]!]!);
    kept.splice(bad, 1);
  }
  return out;
}
