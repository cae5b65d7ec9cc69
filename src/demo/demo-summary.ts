import type { ProgramRule } from './targeting.js';
import type { VillagePopulation } from './village-population.js';

/**
 * What `entas demo` reports: counts only (no timings, no database ids), so the same seed gives the same
 * summary on every engine and machine.
 */
export interface DemoSummary {
  province: string;
  province_name: string;
  seed: string;
  snapshot_date: string;
  period: string;
  villages: number;
  villages_with_households: number;
  households: number;
  persons: number;
  /** Households per DTSEN decile (current snapshot), keys "1".."10". */
  deciles: Record<string, number>;
  programs: Record<string, ProgramSummary>;
  cooperatives: number;
  cooperatives_by_status: Record<string, number>;
  officers: number;
  members: number;
  /** Members whose household is in deciles 1–4 now. */
  members_poor: number;
  /** Members whose household receives PKH or BPNT. */
  members_recipients: number;
  source_rows: { program_enrolments: number; cooperative_members: number; cooperative_officers: number };
  /** Errors injected into source rows, by kind. */
  injected_errors: Record<string, number>;
  batches: number;
}

export interface ProgramSummary {
  unit: 'household' | 'person';
  eligible_deciles: number[];
  /** Rows in the recipient list. */
  rows: number;
  /** Households with at least one listed member. */
  recipient_households: number;
  /** Households in an eligible decile now (PKH: and with a component). */
  eligible_households: number;
  /** Recipient households in an eligible decile now. */
  eligible_recipient_households: number;
}

export class SummaryBuilder {
  private readonly summary: DemoSummary;

  constructor(
    base: Pick<DemoSummary, 'province' | 'province_name' | 'seed' | 'snapshot_date' | 'period' | 'batches'>,
    programs: readonly ProgramRule[],
    villages: number,
  ) {
    this.summary = {
      ...base,
      villages,
      villages_with_households: 0,
      households: 0,
      persons: 0,
      deciles: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), 0])),
      programs: Object.fromEntries(
        programs.map((p) => [
          p.code,
          {
            unit: p.unit,
            eligible_deciles: [...p.eligibleDeciles],
            rows: 0,
            recipient_households: 0,
            eligible_households: 0,
            eligible_recipient_households: 0,
          },
        ]),
      ),
      cooperatives: 0,
      cooperatives_by_status: {},
      officers: 0,
      members: 0,
      members_poor: 0,
      members_recipients: 0,
      source_rows: { program_enrolments: 0, cooperative_members: 0, cooperative_officers: 0 },
      injected_errors: {},
    };
  }

  /** `eligibleForPkh(i)` tells whether household i has a PKH component. */
  addVillage(population: VillagePopulation, hasComponent: (householdIndex: number) => boolean): void {
    const s = this.summary;
    s.households += population.households.length;
    if (population.households.length > 0) s.villages_with_households++;
    for (const h of population.households) {
      s.persons += h.members.length;
      s.deciles[String(h.decile)]!++;
    }
    const recipients = new Map<string, Set<number>>();
    for (const e of population.enrolments) {
      let set = recipients.get(e.programCode);
      if (!set) recipients.set(e.programCode, (set = new Set()));
      set.add(e.truth.householdIndex);
      this.countErrors(e.truth.errors);
    }
    for (const [code, program] of Object.entries(s.programs)) {
      const listed = recipients.get(code) ?? new Set<number>();
      program.rows += population.enrolments.filter((e) => e.programCode === code).length;
      program.recipient_households += listed.size;
      population.households.forEach((h, i) => {
        const eligible = program.eligible_deciles.includes(h.decile) && (code !== 'PKH' || hasComponent(i));
        if (eligible) program.eligible_households++;
        if (eligible && listed.has(i)) program.eligible_recipient_households++;
      });
    }
    s.cooperatives++;
    s.cooperatives_by_status[population.cooperative.status] =
      (s.cooperatives_by_status[population.cooperative.status] ?? 0) + 1;
    s.officers += population.officers.length;
    s.members += population.members.length;
    const cash = new Set([...(recipients.get('PKH') ?? []), ...(recipients.get('BPNT') ?? [])]);
    for (const m of population.members) {
      if (population.households[m.truth.householdIndex]!.decile <= 4) s.members_poor++;
      if (cash.has(m.truth.householdIndex)) s.members_recipients++;
      this.countErrors(m.truth.errors);
    }
    for (const o of population.officers) this.countErrors(o.truth.errors);
    s.source_rows.program_enrolments += population.enrolments.length;
    s.source_rows.cooperative_members += population.members.length;
    s.source_rows.cooperative_officers += population.officers.length;
  }

  private countErrors(errors: readonly string[]): void {
    for (const e of errors) this.summary.injected_errors[e] = (this.summary.injected_errors[e] ?? 0) + 1;
  }

  result(): DemoSummary {
    const s = this.summary;
    // Stable key order so the JSON is byte-identical across runs.
    s.injected_errors = Object.fromEntries(
      Object.entries(s.injected_errors).sort(([a], [b]) => a.localeCompare(b)),
    );
    s.cooperatives_by_status = Object.fromEntries(
      Object.entries(s.cooperatives_by_status).sort(([a], [b]) => a.localeCompare(b)),
    );
    return s;
  }
}
