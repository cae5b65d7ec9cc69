import type { ConsentRecord, HouseholdConsent } from './consent-service.js';

/** The JSON shape of a consent record, shared by `entas consent … --json` and the API (schema in server/presenters). */
export function presentConsent(r: ConsentRecord) {
  return {
    id: r.id,
    household_id: r.household_id,
    person_id: r.person_id,
    purpose: r.purpose,
    status: r.status,
    method: r.method,
    evidence_ref: r.evidence_ref,
    decided_at: r.decided_at.toISOString(),
    recorded_at: r.recorded_at.toISOString(),
    recorded_by: r.recorded_by,
    request_id: r.request_id,
    note: r.note,
    guardian_name: r.guardian_name,
    guardian_relation: r.guardian_relation,
  };
}

export function presentHouseholdConsent(c: HouseholdConsent) {
  return { purpose: c.purpose, has_consent: c.has_consent, current: c.current.map(presentConsent) };
}
