/**
 * Interest rates as exact fractions: "12", "12.5", "12,5" or "12%" is a percentage a year, kept as
 * numerator/denominator of BigInts so no rate ever passes through a binary float (0.1 has no exact double).
 */
import { say, UserError } from '../../shared/errors.js';

export interface ExactRate {
  /** The rate as a fraction of 1: numerator / denominator (12 % = 12 / 100). */
  numerator: bigint;
  denominator: bigint;
  /** The percentage as written, normalised ("12,50%" → "12.50"). */
  percent: string;
}

/** The highest yearly rate accepted, in percent. */
export const MAX_ANNUAL_RATE_PERCENT = 100n;

/** Parses a yearly percentage with at most 8 decimals (a dot or a comma as decimal mark, an optional "%"). */
export function parseAnnualRatePercent(raw: string, option = '--annual-rate'): ExactRate {
  const match = /^(\d{1,3})(?:[.,](\d{1,8}))?\s*%?$/.exec(raw.trim());
  if (!match)
    throw new UserError(
      say(
        `${option} must be a yearly percentage such as 12 or 6.5 (meaning 12 % or 6.5 %), got "${raw}"`,
        `${option} harus berupa persen per tahun seperti 12 atau 6,5 (artinya 12 % atau 6,5 %), diberikan "${raw}"`,
      ),
      'invalid_option',
    );
  const decimals = match[2] ?? '';
  const scale = 10n ** BigInt(decimals.length);
  const scaledPercent = BigInt(match[1]!) * scale + (decimals === '' ? 0n : BigInt(decimals));
  if (scaledPercent > MAX_ANNUAL_RATE_PERCENT * scale)
    throw new UserError(
      say(
        `${option} must be at most ${MAX_ANNUAL_RATE_PERCENT} % a year, got "${raw}"`,
        `${option} paling tinggi ${MAX_ANNUAL_RATE_PERCENT} % per tahun, diberikan "${raw}"`,
      ),
      'invalid_option',
    );
  return {
    numerator: scaledPercent,
    denominator: 100n * scale,
    percent: decimals === '' ? match[1]! : `${match[1]}.${decimals}`,
  };
}
