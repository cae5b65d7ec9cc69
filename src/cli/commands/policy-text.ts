import type { ApplyResult } from '../../policy/policy-apply-service.js';
import type { SimulationReport } from '../../policy/policy-simulation-service.js';
import { tr } from '../lang.js';

/** What `policy simulate` and `policy apply` print for a person, in the CLI's language. */

const rupiah = (n: number) => `Rp${n.toLocaleString('id')}`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const countLine = (code: string, n: number) => `  ${code.padEnd(28)} ${String(n).padStart(10)}`;

type CooperativeCounts = SimulationReport['cooperatives'];

function cooperativesLine(c: Pick<CooperativeCounts, 'village' | 'district_nearest' | 'none'>): string {
  return tr(
    `cooperatives: ${c.village} own village, ${c.district_nearest} nearest in district (flagged), ${c.none} none`,
    `koperasi: ${c.village} di desa sendiri, ${c.district_nearest} terdekat di kecamatan (ditandai), ${c.none} tidak ada`,
  );
}

export function simulationText(r: SimulationReport): string {
  const where = r.region ? tr(` in ${r.region}`, ` di ${r.region}`) : '';
  const f = r.fairness;
  const lines = [
    tr(
      `policy ${r.policy.id} v${r.policy.version} (ages at ${r.policy.as_of})${where}: ${r.households} households`,
      `kebijakan ${r.policy.id} v${r.policy.version} (umur per ${r.policy.as_of})${where}: ${r.households} rumah tangga`,
    ),
    ...Object.entries(r.by_treatment).map(([code, n]) => countLine(code, n)),
    tr(
      `cost: ${rupiah(r.cost.monthly)}/month, ${rupiah(r.cost.yearly)}/year`,
      `biaya: ${rupiah(r.cost.monthly)}/bulan, ${rupiah(r.cost.yearly)}/tahun`,
    ),
    tr(
      `targeting (deciles ${r.quality.eligible_deciles.join(',')}): exclusion error ${(r.quality.exclusion_error * 100).toFixed(2)}%, inclusion error ${(r.quality.inclusion_error * 100).toFixed(2)}%`,
      `ketepatan sasaran (desil ${r.quality.eligible_deciles.join(',')}): galat eksklusi ${(r.quality.exclusion_error * 100).toFixed(2)}%, galat inklusi ${(r.quality.inclusion_error * 100).toFixed(2)}%`,
    ),
    tr(
      `fairness exclusion error: head L ${pct(f.head_sex.L.exclusion_error)}, P ${pct(f.head_sex.P.exclusion_error)}; head disabled ${pct(f.head_disability.yes.exclusion_error)}, not ${pct(f.head_disability.no.exclusion_error)}; urban ${pct(f.area.urban.exclusion_error)}, rural ${pct(f.area.rural.exclusion_error)}`,
      `keadilan, galat eksklusi: kepala L ${pct(f.head_sex.L.exclusion_error)}, P ${pct(f.head_sex.P.exclusion_error)}; kepala penyandang disabilitas ${pct(f.head_disability.yes.exclusion_error)}, bukan ${pct(f.head_disability.no.exclusion_error)}; perkotaan ${pct(f.area.urban.exclusion_error)}, perdesaan ${pct(f.area.rural.exclusion_error)}`,
    ),
    cooperativesLine(r.cooperatives) +
      tr(
        `; ${r.cooperatives.capacity_warnings.length} over capacity`,
        `; ${r.cooperatives.capacity_warnings.length} melebihi kapasitas`,
      ),
  ];
  if (r.households_with_rule_errors)
    lines.push(
      tr(
        `${r.households_with_rule_errors} households had a rule that could not be evaluated (see --json by_rule)`,
        `${r.households_with_rule_errors} rumah tangga memiliki aturan yang tidak dapat dievaluasi (lihat --json by_rule)`,
      ),
    );
  if (r.comparison) {
    lines.push(
      tr(
        `against ${r.against?.policy.id} v${r.against?.policy.version}: ${r.comparison.households_changed} households change treatment`,
        `dibandingkan ${r.against?.policy.id} v${r.against?.policy.version}: ${r.comparison.households_changed} rumah tangga berganti perlakuan`,
      ),
    );
    for (const [code, c] of Object.entries(r.comparison.by_treatment)) {
      lines.push(
        `  ${code.padEnd(28)} ${String(c.policy).padStart(10)} ${String(c.other).padStart(10)} ${c.difference >= 0 ? '+' : ''}${c.difference}`,
      );
    }
  }
  return lines.join('\n');
}

export function applyText(result: ApplyResult): string {
  return [
    tr(
      `application #${result.application_id}: ${result.policy.id} v${result.policy.version} effective ${result.effective}, ${result.households} households, ${result.superseded} earlier decisions superseded`,
      `penerapan #${result.application_id}: ${result.policy.id} v${result.policy.version} berlaku ${result.effective}, ${result.households} rumah tangga, ${result.superseded} keputusan sebelumnya digantikan`,
    ),
    ...Object.entries(result.by_treatment).map(([code, n]) => countLine(code, n)),
    cooperativesLine(result.cooperatives),
    ...result.cooperatives.capacity_warnings.map((w) =>
      tr(
        `  warning: ${w.name} (${w.village_code}) capacity ${w.capacity}, ${w.members} members + ${w.assigned} assigned`,
        `  peringatan: ${w.name} (${w.village_code}) kapasitas ${w.capacity}, ${w.members} anggota + ${w.assigned} ditugaskan`,
      ),
    ),
  ].join('\n');
}
