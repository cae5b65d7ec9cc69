/**
 * The checks a registrar makes on a cooperative's register (pure): business units from the fixed list of a Koperasi
 * Desa/Kelurahan Merah Putih plus custom ones, and the officers — pengurus (ketua, wakil ketua usaha, wakil ketua
 * anggota, sekretaris, bendahara) and pengawas, chaired ex officio by the kepala desa.
 *
 * Errors (the register is not in order): an even number of pengurus, a missing ketua, sekretaris or bendahara, a
 * single post held twice, anybody both pengurus and pengawas, no pengawas or a pengawas chair who is not ex officio.
 * Warnings (to look at, not refused): a missing wakil ketua, officers sharing a family card (No. KK).
 */
import { say, type Bilingual } from '../../shared/errors.js';

/** The standard units of a Kopdes Merah Putih; anything else is a custom unit, prefixed `custom:`. */
export const STANDARD_BUSINESS_UNITS = [
  'office',
  'sembako_outlet',
  'savings_and_loan',
  'clinic',
  'pharmacy',
  'warehouse_cold_storage',
  'logistics',
] as const;
export type StandardBusinessUnit = (typeof STANDARD_BUSINESS_UNITS)[number];

/** Indonesian codes of the same units (as SIMKOPDES-style registers and the demo write them). */
export const BUSINESS_UNIT_ALIASES: Readonly<Record<string, StandardBusinessUnit>> = {
  kantor: 'office',
  gerai_sembako: 'sembako_outlet',
  simpan_pinjam: 'savings_and_loan',
  klinik_desa: 'clinic',
  apotek_desa: 'pharmacy',
  gudang_cold_storage: 'warehouse_cold_storage',
  logistik: 'logistics',
};

/** The standard code of a stored unit (aliases resolved), or null for a custom unit. */
export function standardUnit(unit: string): StandardBusinessUnit | null {
  if ((STANDARD_BUSINESS_UNITS as readonly string[]).includes(unit)) return unit as StandardBusinessUnit;
  return BUSINESS_UNIT_ALIASES[unit] ?? null;
}

export const PENGURUS_POSITIONS = [
  'ketua',
  'wakil_ketua_usaha',
  'wakil_ketua_anggota',
  'sekretaris',
  'bendahara',
] as const;
export const PENGAWAS_POSITIONS = ['ketua_pengawas', 'pengawas'] as const;
export const OFFICER_POSITIONS = [...PENGURUS_POSITIONS, ...PENGAWAS_POSITIONS] as const;
export type OfficerPosition = (typeof OFFICER_POSITIONS)[number];

const SINGLE_POSTS: readonly string[] = [...PENGURUS_POSITIONS, 'ketua_pengawas'];
const REQUIRED_PENGURUS = ['ketua', 'sekretaris', 'bendahara'] as const;

/**
 * A business-unit list as stored: standard codes as they are (Indonesian aliases mapped to them), custom units as `custom:<name>` (trimmed, inner
 * spaces collapsed), without duplicates, in the order given. Refuses an empty custom name.
 */
export function normaliseBusinessUnits(units: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of units) {
    const unit = raw.trim();
    let code: string;
    const standard = standardUnit(unit);
    if (standard !== null) code = standard;
    else {
      const name = (unit.startsWith('custom:') ? unit.slice(7) : unit).trim().replace(/\s+/g, ' ');
      if (name === '' || name.length > 100)
        throw new RangeError(`custom business unit name must be 1–100 characters, got "${raw}"`);
      code = `custom:${name}`;
    }
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

export interface OfficerFact {
  id: number;
  position: string;
  name: string;
  nik: string | null;
  kk: string | null;
  personId: number | null;
  exOfficio: boolean;
}

export interface RegisterFinding {
  rule:
    | 'pengurus_odd'
    | 'pengurus_missing'
    | 'post_held_twice'
    | 'pengurus_also_pengawas'
    | 'pengawas_missing'
    | 'pengawas_chair_ex_officio'
    | 'wakil_missing'
    | 'shared_family_card'
    | 'unknown_position';
  severity: 'error' | 'warning';
  officer_ids: number[];
  message: Bilingual;
}

const isPengurus = (p: string) => (PENGURUS_POSITIONS as readonly string[]).includes(p);
const isPengawas = (p: string) => (PENGAWAS_POSITIONS as readonly string[]).includes(p);

/** The same person: same person id, else same NIK, else the same name (case and spaces ignored). */
function personKey(o: OfficerFact): string {
  if (o.personId !== null) return `p:${o.personId}`;
  if (o.nik) return `n:${o.nik.trim()}`;
  return `m:${o.name.trim().replace(/\s+/g, ' ').toUpperCase()}`;
}

/** Every finding on the current officers (those whose term has not ended). Empty: the register is in order. */
export function registerFindings(officers: readonly OfficerFact[]): RegisterFinding[] {
  const findings: RegisterFinding[] = [];
  const pengurus = officers.filter((o) => isPengurus(o.position));
  const pengawas = officers.filter((o) => isPengawas(o.position));
  for (const o of officers)
    if (!isPengurus(o.position) && !isPengawas(o.position))
      findings.push({
        rule: 'unknown_position',
        severity: 'error',
        officer_ids: [o.id],
        message: say(
          `officer ${o.id} has position "${o.position}", which is neither pengurus nor pengawas`,
          `pengurus/pengawas ${o.id} berjabatan "${o.position}", yang bukan jabatan pengurus maupun pengawas`,
        ),
      });
  if (pengurus.length % 2 === 0)
    findings.push({
      rule: 'pengurus_odd',
      severity: 'error',
      officer_ids: pengurus.map((o) => o.id),
      message: say(
        `${pengurus.length} pengurus: the board must have an odd number of members`,
        `${pengurus.length} pengurus: jumlah pengurus harus ganjil`,
      ),
    });
  for (const post of REQUIRED_PENGURUS)
    if (!pengurus.some((o) => o.position === post))
      findings.push({
        rule: 'pengurus_missing',
        severity: 'error',
        officer_ids: [],
        message: say(`no ${post} among the pengurus`, `tidak ada ${post} di antara pengurus`),
      });
  for (const post of ['wakil_ketua_usaha', 'wakil_ketua_anggota'])
    if (!pengurus.some((o) => o.position === post))
      findings.push({
        rule: 'wakil_missing',
        severity: 'warning',
        officer_ids: [],
        message: say(`no ${post} among the pengurus`, `tidak ada ${post} di antara pengurus`),
      });
  for (const post of SINGLE_POSTS) {
    const holders = officers.filter((o) => o.position === post);
    if (holders.length > 1)
      findings.push({
        rule: 'post_held_twice',
        severity: 'error',
        officer_ids: holders.map((o) => o.id),
        message: say(
          `${holders.length} officers hold the single post ${post}`,
          `${holders.length} orang memegang jabatan tunggal ${post}`,
        ),
      });
  }
  const pengawasKeys = new Map(pengawas.map((o) => [personKey(o), o]));
  for (const o of pengurus) {
    const also = pengawasKeys.get(personKey(o));
    if (also)
      findings.push({
        rule: 'pengurus_also_pengawas',
        severity: 'error',
        officer_ids: [o.id, also.id],
        message: say(
          `${o.name} is both pengurus (${o.position}) and pengawas (${also.position})`,
          `${o.name} menjadi pengurus (${o.position}) sekaligus pengawas (${also.position})`,
        ),
      });
  }
  if (pengawas.length === 0)
    findings.push({
      rule: 'pengawas_missing',
      severity: 'error',
      officer_ids: [],
      message: say('no pengawas recorded', 'belum ada pengawas tercatat'),
    });
  else {
    const chair = pengawas.find((o) => o.position === 'ketua_pengawas');
    if (!chair || !chair.exOfficio)
      findings.push({
        rule: 'pengawas_chair_ex_officio',
        severity: 'error',
        officer_ids: chair ? [chair.id] : [],
        message: chair
          ? say(
              `the pengawas chair ${chair.name} is not marked ex officio: the kepala desa chairs the pengawas`,
              `ketua pengawas ${chair.name} tidak tercatat ex officio: kepala desa adalah ketua pengawas`,
            )
          : say(
              'no ketua_pengawas: the kepala desa chairs the pengawas ex officio',
              'tidak ada ketua_pengawas: kepala desa adalah ketua pengawas secara ex officio',
            ),
      });
  }
  const byKk = new Map<string, OfficerFact[]>();
  for (const o of officers) {
    const kk = o.kk?.trim();
    if (!kk) continue;
    byKk.set(kk, [...(byKk.get(kk) ?? []), o]);
  }
  for (const group of byKk.values()) {
    const people = new Set(group.map(personKey));
    if (people.size > 1)
      findings.push({
        rule: 'shared_family_card',
        severity: 'warning',
        officer_ids: group.map((o) => o.id),
        message: say(
          `officers ${group.map((o) => o.name).join(', ')} share one family card (No. KK)`,
          `pengurus/pengawas ${group.map((o) => o.name).join(', ')} berada dalam satu Kartu Keluarga`,
        ),
      });
  }
  return findings;
}
