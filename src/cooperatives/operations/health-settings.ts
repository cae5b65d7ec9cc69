/**
 * Reads the health score's settings (weights and thresholds) from plain data — a parsed policies/coop-health.yaml —
 * and checks every field, naming the file and the field at fault. Pure.
 */
import { say, UserError } from '../../shared/errors.js';
import { HEALTH_WEIGHTS, type HealthComponentKey, type HealthSettings } from './health-score.js';

const KEYS = Object.keys(HEALTH_WEIGHTS) as HealthComponentKey[];
const FIELDS = [
  'weights',
  'full_growth_basis_points',
  'par30_zero_basis_points',
  'full_business_units',
  'default_savings_target',
  'rat_deadline',
] as const;

export function parseHealthSettings(value: unknown, source: string): HealthSettings {
  const bad = (field: string, en: string, id: string): never => {
    throw new UserError(say(`${source}: ${field} ${en}`, `${source}: ${field} ${id}`), 'invalid_input');
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    bad('(file)', 'must be a mapping of settings', 'harus berupa pemetaan pengaturan');
  const v = value as Record<string, unknown>;
  for (const field of Object.keys(v))
    if (!(FIELDS as readonly string[]).includes(field))
      bad(
        field,
        `is not a setting (known: ${FIELDS.join(', ')})`,
        `bukan pengaturan (dikenal: ${FIELDS.join(', ')})`,
      );
  const integer = (field: string, raw: unknown, min: number, max: number): number => {
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max)
      bad(
        field,
        `must be a whole number from ${min} to ${max}, got ${String(raw)}`,
        `harus bilangan bulat ${min}–${max}, diberikan ${String(raw)}`,
      );
    return raw as number;
  };
  const w = v.weights;
  if (typeof w !== 'object' || w === null || Array.isArray(w))
    bad(
      'weights',
      `must map each component (${KEYS.join(', ')}) to a weight`,
      `harus memetakan setiap komponen (${KEYS.join(', ')}) ke bobotnya`,
    );
  const weights = {} as Record<HealthComponentKey, number>;
  const given = w as Record<string, unknown>;
  for (const key of Object.keys(given))
    if (!(KEYS as string[]).includes(key)) bad(`weights.${key}`, 'is not a component', 'bukan komponen');
  for (const key of KEYS) weights[key] = integer(`weights.${key}`, given[key], 0, 100);
  if (KEYS.every((k) => weights[k] === 0)) bad('weights', 'must not all be 0', 'tidak boleh semuanya 0');
  const deadline = v.rat_deadline;
  if (typeof deadline !== 'string' || !validMonthDay(deadline))
    bad(
      'rat_deadline',
      `must be a day of the year as MM-DD (not 02-29), got ${String(deadline)}`,
      `harus tanggal dalam tahun MM-DD (bukan 02-29), diberikan ${String(deadline)}`,
    );
  return {
    weights,
    fullGrowthBasisPoints: integer('full_growth_basis_points', v.full_growth_basis_points, 1, 100_000),
    par30ZeroBasisPoints: integer('par30_zero_basis_points', v.par30_zero_basis_points, 1, 10_000),
    fullBusinessUnits: integer('full_business_units', v.full_business_units, 1, 50),
    defaultSavingsTarget: BigInt(
      integer('default_savings_target', v.default_savings_target, 1, 1_000_000_000),
    ),
    ratDeadline: deadline as string,
  };
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validMonthDay(md: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(md);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS[month - 1]!;
}
