import type { Tx } from '../db/database.js';
import { registerCheck } from '../cooperatives/operations-service.js';
import { stagedCooperatives } from './storage/officers-store.js';

/** What the registrar's checks found on one cooperative's officers after a register of officers was imported. */
export interface ImportedRegisterCheck {
  cooperative_id: number;
  registration_no: string;
  /** No error finding: the register is in order (warnings may remain). */
  in_order: boolean;
  findings: { rule: string; severity: 'error' | 'warning'; message: string; message_id: string }[];
}

/**
 * The registrar's checks (cooperatives/operations/register-checks.ts) on the current officers, as of `asOf`, of
 * every cooperative the staged rows name. They are reported, not enforced: a register is imported as it is.
 */
export async function officerRegisterChecks(tx: Tx, asOf: string): Promise<ImportedRegisterCheck[]> {
  const out: ImportedRegisterCheck[] = [];
  for (const c of await stagedCooperatives(tx)) {
    const check = await registerCheck(tx.db, c.id, asOf);
    out.push({
      cooperative_id: c.id,
      registration_no: c.registration_no,
      in_order: check.in_order,
      findings: check.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message.en,
        message_id: f.message.id,
      })),
    });
  }
  return out;
}

/** One batch warning per finding (code `register_check`), as stored with the batch. */
export function registerCheckWarnings(checks: readonly ImportedRegisterCheck[]): unknown[] {
  return checks.flatMap((c) =>
    c.findings.map((f) => ({
      code: 'register_check',
      count: 1,
      cooperative: c.registration_no,
      rule: f.rule,
      severity: f.severity,
      message: `${c.registration_no}: ${f.message}`,
      message_id: `${c.registration_no}: ${f.message_id}`,
    })),
  );
}
