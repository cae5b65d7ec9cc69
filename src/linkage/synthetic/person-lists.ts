/**
 * Indonesian-style linkage test data, built on the synthetic population library (src/synth): a registry
 * (DTSEN-like, one row per person) and a beneficiary list drawn from it by whole families, each row written
 * the way a district office types it — NIK missing or mistyped, names with titles, Muhammad spellings,
 * nicknames, old spellings and typos, birth dates slipped or replaced by the "unknown date" convention
 * (1 July / 31 December), a neighbouring village, DD/MM/YYYY dates — plus people who are not in the registry.
 * Families make it hard: relatives share a surname or clan, an address and sometimes a birth date (twins).
 * Pure and seeded: yields one village at a time so a million people never sit in memory at once.
 */
import { BANSOS_LIST_RATES, corruptPersonRecord } from '../../synth/corrupt.js';
import { generateHousehold, type SynthVillage } from '../../synth/household.js';
import { createRng } from '../../shared/random.js';
import { regionalProfile } from '../../synth/regional-profiles.js';
import { SerialAllocator } from '../../synth/serials.js';

/** The reference linker's columns: id,nik,name,birth_date,sex,village_code,address. */
export interface PersonRow {
  id: string;
  nik: string | null;
  name: string;
  birth_date: string | null;
  sex: 'L' | 'P';
  village_code: string;
  address: string;
}

export interface LinkageDataOptions {
  seed: string;
  /** Registry size (people). */
  people: number;
  /** Villages to fill, grouped by district (consecutive villages of one district share an allocator). */
  villages: readonly SynthVillage[];
  /** Share of registry families on the beneficiary list. Default 0.45. */
  familyShare?: number;
  /** Share of beneficiary rows for people missing from the registry. Default 0.03. */
  outsiderShare?: number;
  /** Households per village. Default 120. */
  householdsPerVillage?: number;
}

export interface VillageRows {
  registry: PersonRow[];
  beneficiaries: PersonRow[];
  /** [registry id, beneficiary id] */
  truth: [string, string][];
}

const EXTRA = {
  registryNikMissing: 0.01,
  villageOther: 0.03,
  birthUnknown: 0.015,
  birthMissing: 0.01,
  slashDate: 0.3,
};

function slash(iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return `${d}/${m}/${y}`;
}

/** Yields the rows village by village until `people` registry rows are produced. */
export function* generateLinkageData(options: LinkageDataOptions): Generator<VillageRows> {
  const familyShare = options.familyShare ?? 0.45;
  const outsiderShare = options.outsiderShare ?? 0.03;
  const perVillage = options.householdsPerVillage ?? 120;
  let produced = 0;
  let benCounter = 0;
  let serials = new SerialAllocator();
  let district = '';
  for (let v = 0; produced < options.people; v++) {
    const village = options.villages[v];
    if (!village)
      throw new Error(
        `generateLinkageData: ${options.villages.length} villages hold fewer than ${options.people} people`,
      );
    if (village.code.slice(0, 8) !== district) {
      district = village.code.slice(0, 8);
      serials = new SerialAllocator();
    }
    const rng = createRng(`${options.seed}:${village.code}`);
    const profile = regionalProfile(village.code.slice(0, 2));
    const neighbours = options.villages.filter((x, i) => Math.abs(i - v) <= 3 && x.code.startsWith(district));
    const out: VillageRows = { registry: [], beneficiaries: [], truth: [] };
    const addBeneficiary = (row: Omit<PersonRow, 'id'>, registryId: string | null) => {
      const id = `B${(++benCounter).toString(36).toUpperCase()}`;
      out.beneficiaries.push({ id, ...row });
      if (registryId) out.truth.push([registryId, id]);
    };
    for (let h = 0; h < perVillage && produced < options.people; h++) {
      const household = generateHousehold(rng, village, {
        cultures: profile.cultures,
        meanSize: profile.meanSize,
        serials,
      });
      const outsider = rng.chance(outsiderShare * familyShare);
      const listed = outsider || rng.chance(familyShare);
      for (const member of household.members) {
        let registryId: string | null = null;
        if (!outsider) {
          if (produced >= options.people) break;
          registryId = `R${(++produced).toString(36).toUpperCase()}`;
          out.registry.push({
            id: registryId,
            nik: rng.chance(EXTRA.registryNikMissing) ? null : member.nik,
            name: member.name.toUpperCase(),
            birth_date: member.birthDate,
            sex: member.sex,
            village_code: household.villageCode,
            address: household.address,
          });
        }
        if (!listed || rng.chance(0.1)) continue;
        const { record } = corruptPersonRecord(
          rng,
          { nik: member.nik, name: member.name, sex: member.sex, birthDate: member.birthDate },
          BANSOS_LIST_RATES,
        );
        let birth = record.birthDate;
        if (birth && rng.chance(EXTRA.birthUnknown))
          birth = `${birth.slice(0, 4)}-${rng.chance(0.5) ? '07-01' : '12-31'}`;
        if (rng.chance(EXTRA.birthMissing)) birth = null;
        if (birth && rng.chance(EXTRA.slashDate)) birth = slash(birth);
        const villageCode =
          rng.chance(EXTRA.villageOther) && neighbours.length > 1
            ? rng.pick(neighbours).code
            : household.villageCode;
        addBeneficiary(
          {
            nik: record.nik,
            name: record.name,
            birth_date: birth,
            sex: record.sex,
            village_code: villageCode,
            address: rng.chance(0.3)
              ? household.address.replace(/RT 0*(\d+) \/ RW 0*(\d+),/, 'RT $1/RW $2')
              : household.address,
          },
          registryId,
        );
      }
    }
    yield out;
  }
}

/** Every `step`-th village of a list (spreads a sample over all provinces), keeping district order. */
export function spreadVillages<T>(villages: readonly T[], count: number): T[] {
  if (count >= villages.length) return [...villages];
  const step = villages.length / count;
  return Array.from({ length: count }, (_, i) => villages[Math.floor(i * step)]!);
}
