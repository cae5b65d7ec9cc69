import { UserError } from '../shared/errors.js';

/**
 * What entas keeps, for how long, and what happens after (pure configuration; the service applies it).
 * `days: null` means the category is never removed, and says why.
 */
export interface RetentionRule {
  category: RetentionCategory;
  /** Default period; overridden per installation in retention_settings (`entas retention set`). */
  defaultDays: number | null;
  action: 'delete' | 'anonymise' | 'keep';
  description: string;
}

export const RETENTION_CATEGORIES = [
  'rejects_files',
  'intake_warnings',
  'sessions',
  'departed_households',
  'audit_log',
  'consent_records',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    category: 'rejects_files',
    defaultDays: 180,
    action: 'delete',
    description: 'rejected-row CSV files of import batches (they quote the rejected values), by batch age',
  },
  {
    category: 'intake_warnings',
    defaultDays: 365,
    action: 'delete',
    description: 'per-row import warnings (they quote values), by batch age',
  },
  {
    category: 'sessions',
    defaultDays: 30,
    action: 'delete',
    description: 'sign-in sessions and API tokens that expired or were revoked this long ago',
  },
  {
    category: 'departed_households',
    defaultDays: 3650,
    action: 'anonymise',
    description:
      'households absent from the newest DTSEN extract whose last extract is this old: members anonymised, ' +
      'No. KK and address cleared, unless a legal hold, an open or held data-subject request, or a current ' +
      'cooperative membership (a contract) applies',
  },
  {
    category: 'audit_log',
    defaultDays: null,
    action: 'keep',
    description: 'never deleted: the hash chain is the evidence of every access (accountability)',
  },
  {
    category: 'consent_records',
    defaultDays: null,
    action: 'keep',
    description: 'kept as long as the household: the proof that consent was given or withdrawn',
  },
];

/** Only categories with a period can be changed; the period is whole days, at least one. */
export function requireConfigurable(category: string, days: number): RetentionRule {
  const rule = RETENTION_RULES.find((r) => r.category === category);
  if (!rule) {
    throw new UserError(
      `unknown retention category "${category.slice(0, 60)}": expected one of ${RETENTION_CATEGORIES.join(', ')}`,
    );
  }
  if (rule.defaultDays === null) throw new UserError(`${category} is never removed (${rule.description})`);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new UserError(`invalid days ${days} for ${category}: expected a whole number 1–36500`);
  }
  return rule;
}

/** The cut-off instant: records older than this fall under the rule. */
export function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
