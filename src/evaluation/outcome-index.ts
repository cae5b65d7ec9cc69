/**
 * Summary indices over several outcomes of one domain, each outcome z-scored on the control group (its mean and
 * sample standard deviation there), so effects on the index are in control-group standard deviations:
 *
 * - `klk` (Kling, Liebman & Katz 2007): the mean of a row's available z-scores.
 * - `anderson` (Anderson 2008): a weighted mean of the available z-scores with weights the row sums of the
 *   inverse covariance matrix of the z-scores (rows with every outcome present), so outcomes that repeat each
 *   other count less; the index is then re-standardised to mean 0 and SD 1 in the control group.
 *
 * A row with no outcome present gets no index (null).
 */
import { inverse, Matrix } from 'ml-matrix';
import { say, UserError } from '../shared/errors.js';

export type IndexMethod = 'anderson' | 'klk';
export const INDEX_METHODS: readonly IndexMethod[] = ['anderson', 'klk'];

export interface IndexOutcome {
  name: string;
  values: readonly (number | null)[];
}

export interface OutcomeIndex {
  method: IndexMethod;
  outcomes: { name: string; control_mean: number; control_sd: number; weight: number }[];
  /** One value per row (null without any outcome). */
  index: (number | null)[];
  rows: number;
  control_rows: number;
  /** Rows without any outcome. */
  missing: number;
  treated_mean: number | null;
  control_mean: number | null;
}

const meanSd = (values: number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
};

export function outcomeIndex(
  outcomes: readonly IndexOutcome[],
  control: readonly boolean[],
  method: IndexMethod,
): OutcomeIndex {
  const rows = control.length;
  if (outcomes.length < 2)
    throw new UserError(
      say('an index needs two or more outcomes', 'indeks memerlukan dua hasil atau lebih'),
      'too_few_outcomes',
    );
  const z = outcomes.map(({ name, values }) => {
    const controlValues = values.filter((v, i): v is number => control[i]! && v !== null);
    if (controlValues.length < 2)
      throw new UserError(
        say(
          `outcome "${name}" has fewer than two control-group values`,
          `hasil "${name}" memiliki kurang dari dua nilai kelompok kontrol`,
        ),
        'too_few_controls',
      );
    const { mean, sd } = meanSd(controlValues);
    if (!(sd > 0))
      throw new UserError(
        say(
          `outcome "${name}" does not vary in the control group`,
          `hasil "${name}" tidak bervariasi dalam kelompok kontrol`,
        ),
        'constant_outcome',
      );
    return { name, mean, sd, z: values.map((v) => (v === null ? null : (v - mean) / sd)) };
  });

  let weights = z.map(() => 1);
  if (method === 'anderson') {
    const complete = Array.from({ length: rows }, (_, i) => i).filter((i) => z.every((o) => o.z[i] !== null));
    if (complete.length <= outcomes.length)
      throw new UserError(
        say(
          `${complete.length} rows have every outcome: the Anderson index needs more than ${outcomes.length}`,
          `${complete.length} baris memiliki semua hasil: indeks Anderson memerlukan lebih dari ${outcomes.length}`,
        ),
        'too_few_rows',
      );
    const data = new Matrix(complete.map((i) => z.map((o) => o.z[i]!)));
    const centred = data.subRowVector(data.mean('column'));
    const covariance = centred
      .transpose()
      .mmul(centred)
      .div(complete.length - 1);
    const inv = inverse(covariance);
    weights = Array.from({ length: outcomes.length }, (_, k) => inv.getRow(k).reduce((s, v) => s + v, 0));
  }
  const raw = Array.from({ length: rows }, (_, i) => {
    let sum = 0;
    let weight = 0;
    z.forEach((o, k) => {
      const v = o.z[i];
      if (v !== null && v !== undefined) {
        sum += weights[k]! * v;
        weight += weights[k]!;
      }
    });
    return weight === 0 ? null : sum / weight;
  });
  let index = raw;
  if (method === 'anderson') {
    const { mean, sd } = meanSd(raw.filter((v, i): v is number => control[i]! && v !== null));
    index = raw.map((v) => (v === null ? null : (v - mean) / sd));
  }
  const total = weights.reduce((s, w) => s + w, 0);
  const groupMean = (wanted: boolean) => {
    const values = index.filter((v, i): v is number => control[i] === wanted && v !== null);
    return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
  };
  return {
    method,
    outcomes: z.map((o, k) => ({
      name: o.name,
      control_mean: o.mean,
      control_sd: o.sd,
      weight: weights[k]! / total,
    })),
    index,
    rows,
    control_rows: control.filter(Boolean).length,
    missing: index.filter((v) => v === null).length,
    treated_mean: groupMean(false),
    control_mean: groupMean(true),
  };
}
