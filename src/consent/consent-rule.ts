import { sql, type Expression, type SqlBool } from 'kysely';
import type { ConsentPurpose, ConsentStatus } from './consent-purposes.js';

/**
 * THE consent rule, in one place (both forms below say the same thing):
 *
 *   Each subject — the household as a unit (person_id NULL) or one member — has a current decision per purpose:
 *   its latest record (by decided_at, then id). A household has consent for a purpose when at least one subject
 *   has given it and no subject's current decision is a withdrawal.
 *
 * So one member's withdrawal stops the household record (which lists that member) being used for the purpose
 * until they give consent again; a household-level consent by the KK holder does not override it.
 */
export function householdHasConsent(current: readonly { status: ConsentStatus }[]): boolean {
  return current.length > 0 && current.every((c) => c.status === 'given');
}

/** The same rule as an SQL condition on a household id column (parameterised; served by consent_records_household_idx). */
export function householdConsentCondition(
  householdIdColumn: string,
  purpose: ConsentPurpose,
): Expression<SqlBool> {
  return sql<SqlBool>`(
    SELECT bool_and(cur.status = 'given') FROM (
      SELECT DISTINCT ON (c.person_id) c.status
      FROM consent_records c
      WHERE c.household_id = ${sql.ref(householdIdColumn)} AND c.purpose = ${purpose}
      ORDER BY c.person_id, c.decided_at DESC, c.id DESC
    ) cur
  ) IS TRUE`;
}
