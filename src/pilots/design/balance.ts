/**
 * Balance table of a randomisation: per baseline covariate, the means by arm and the standardised mean
 * difference SMD = (mean_treatment − mean_control) / √((s²_treatment + s²_control) / 2), with sample variances
 * (n − 1) — the pooled SD of Austin (2009) and Stuart (2010). |SMD| > 0.1 is flagged: the usual threshold for
 * a difference worth checking or adjusting for. Missing values (null) are left out of that covariate only.
 */
import type { Arm } from './randomize.js';

export const SMD_WARNING = 0.1;

export interface BalanceRow {
  covariate: string;
  n_treatment: number;
  n_control: number;
  mean_treatment: number | null;
  mean_control: number | null;
  sd_treatment: number | null;
  sd_control: number | null;
  pooled_sd: number | null;
  /** null when an arm has fewer than two values, or the pooled SD is 0 while the means differ. */
  smd: number | null;
  /** |SMD| > 0.1, or no SMD could be computed. */
  warning: boolean;
}

export function balanceTable(
  arms: readonly Arm[],
  covariates: readonly { name: string; values: readonly (number | null)[] }[],
): BalanceRow[] {
  return covariates.map(({ name, values }) => {
    const treated = values.filter((v, i): v is number => v !== null && arms[i] === 'treatment');
    const control = values.filter((v, i): v is number => v !== null && arms[i] === 'control');
    const t = moments(treated);
    const c = moments(control);
    const pooled = t.sd !== null && c.sd !== null ? Math.sqrt((t.sd ** 2 + c.sd ** 2) / 2) : null;
    let smd: number | null = null;
    if (pooled !== null && t.mean !== null && c.mean !== null) {
      const difference = t.mean - c.mean;
      smd = pooled > 0 ? difference / pooled : difference === 0 ? 0 : null;
    }
    return {
      covariate: name,
      n_treatment: treated.length,
      n_control: control.length,
      mean_treatment: t.mean,
      mean_control: c.mean,
      sd_treatment: t.sd,
      sd_control: c.sd,
      pooled_sd: pooled,
      smd,
      warning: smd === null || Math.abs(smd) > SMD_WARNING,
    };
  });
}

function moments(values: readonly number[]): { mean: number | null; sd: number | null } {
  if (values.length === 0) return { mean: null, sd: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return { mean, sd: null };
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (values.length - 1)) };
}
