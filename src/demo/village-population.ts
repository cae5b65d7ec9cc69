import {
  BANSOS_LIST_RATES,
  corruptPersonRecord,
  MEMBER_REGISTER_RATES,
  wrongDigit,
  type CorruptionKind,
  type CorruptionRates,
} from '../synth/corrupt.js';
import { ageOn, dateBetween } from '../synth/dates.js';
import {
  generateHousehold,
  RELATION,
  type SynthHousehold,
  type SynthPerson,
  type SynthVillage,
} from '../synth/household.js';
import type { Rng } from '../shared/random.js';
import type { RegionalProfile } from '../synth/regional-profiles.js';
import type { SerialAllocator } from '../synth/serials.js';
import { householdWelfare, proxyMeansTest, villageWelfareEffect } from '../synth/welfare.js';
import {
  generateCooperative,
  isExOfficio,
  officerPositions,
  savingsPaid,
  type DemoCooperative,
  type OfficerPost,
} from './cooperative.js';
import { decideReceipt, DELIVERY_MODELS, pkhComponents, pkhPayment, type ProgramRule } from './targeting.js';

/**
 * One village of the demo, generated in memory from its own random stream: DTSEN households (current and
 * previous snapshot), bansos recipient lists, the village cooperative with officers and members. Source rows
 * (enrolments, officers, members) carry the person as that source wrote them (errors injected) plus the truth
 * (which household and member they really are, and which errors were injected) for evaluating linkage. Pure.
 */
export interface DemoSettings {
  profile: RegionalProfile;
  regionShift: number;
  programs: readonly ProgramRule[];
  snapshotDate: string;
  previousSnapshotDate: string;
  period: string;
}

export interface VillageInput {
  village: SynthVillage;
  households: number;
  /** Other villages of the same district (a few recipients are listed in a neighbouring village). */
  neighbours: readonly SynthVillage[];
  otherDistricts: readonly string[];
  serials: SerialAllocator;
}

export interface DemoHousehold extends SynthHousehold {
  /** Age of each member on the snapshot date. */
  ages: number[];
  decile: number;
  pmtScore: number;
  /** Previous DTSEN snapshot; null for families registered since. */
  previous: { decile: number; pmtScore: number } | null;
}

/** Errors a source row can carry: the person-level ones plus list-level ones (card number, village). */
export type SourceErrorKind = CorruptionKind | 'kk_missing' | 'kk_wrong_digit' | 'village_other';

/** Where a source row really comes from (indexes into the village's households and their members). */
export interface SourceTruth {
  householdIndex: number;
  memberIndex: number;
  errors: SourceErrorKind[];
}

export interface DemoEnrolment {
  programCode: string;
  nik: string | null;
  kk: string | null;
  name: string;
  villageCode: string;
  amount: number | null;
  components: Record<string, unknown>;
  truth: SourceTruth;
}

export interface DemoOfficer {
  position: OfficerPost;
  /** The ketua pengawas: the kepala desa, ex officio. */
  exOfficio: boolean;
  name: string;
  nik: string | null;
  startDate: string;
  truth: SourceTruth;
}

export interface DemoMember {
  memberNo: string;
  nik: string | null;
  name: string;
  joinedOn: string;
  leftOn: string | null;
  savingsPaid: number;
  truth: SourceTruth;
}

export interface VillagePopulation {
  village: SynthVillage;
  households: DemoHousehold[];
  cooperative: DemoCooperative;
  officers: DemoOfficer[];
  members: DemoMember[];
  enrolments: DemoEnrolment[];
}

const OFFICER_RATES: CorruptionRates = { ...MEMBER_REGISTER_RATES, nik_missing: 0.04, name_title: 0.15 };
const KK_MISSING = 0.03;
const KK_WRONG_DIGIT = 0.01;
const LISTED_IN_NEIGHBOUR_VILLAGE = 0.02;
const PBI_MEMBER_LISTED = 0.97;
const NEW_SINCE_PREVIOUS = 0.03;

export function generateVillage(rng: Rng, input: VillageInput, settings: DemoSettings): VillagePopulation {
  const { village } = input;
  const urban = village.kind === 'kelurahan';
  const villageEffect = villageWelfareEffect(rng, urban);
  const households: DemoHousehold[] = [];
  for (let i = 0; i < input.households; i++) {
    const hrng = rng.fork(i);
    const welfare = householdWelfare(hrng, settings.regionShift, villageEffect);
    const base = generateHousehold(hrng, village, {
      cultures: settings.profile.cultures,
      meanSize: settings.profile.meanSize,
      welfare,
      referenceDate: settings.snapshotDate,
      serials: input.serials,
      otherDistricts: input.otherDistricts,
    });
    const current = proxyMeansTest(hrng, welfare);
    // A quarter earlier most families were slightly poorer or richer; a few were not registered yet.
    const previous = hrng.chance(NEW_SINCE_PREVIOUS)
      ? null
      : proxyMeansTest(hrng, welfare - 0.03 + 0.22 * hrng.normal());
    households.push({
      ...base,
      ages: base.members.map((m) => ageOn(m.birthDate, settings.snapshotDate)),
      decile: current.decile,
      pmtScore: current.score,
      previous: previous && { decile: previous.decile, pmtScore: previous.score },
    });
  }

  const enrolments = programLists(rng.fork('bansos'), input, settings, households);
  const cooperative = generateCooperative(rng.fork('coop'), village, villageEffect + settings.regionShift);
  const pkhHouseholds = new Set(
    enrolments.filter((e) => e.programCode === 'PKH').map((e) => e.truth.householdIndex),
  );
  const { officers, members } = cooperativePeople(
    rng.fork('members'),
    households,
    cooperative,
    settings,
    pkhHouseholds,
  );
  return { village, households, cooperative, officers, members, enrolments };
}

function programLists(
  rng: Rng,
  input: VillageInput,
  settings: DemoSettings,
  households: readonly DemoHousehold[],
): DemoEnrolment[] {
  const rows: DemoEnrolment[] = [];
  for (const rule of settings.programs) {
    const model = DELIVERY_MODELS[rule.code];
    if (!model) continue;
    const prng = rng.fork(rule.code);
    households.forEach((household, householdIndex) => {
      // Lists are drawn from the previous snapshot; families registered since are not on them yet.
      if (!household.previous) return;
      const ages = household.members.map((m) => ({
        age: ageOn(m.birthDate, settings.snapshotDate),
        disability: m.disability,
      }));
      const components = model.needsComponent ? pkhComponents(ages) : {};
      if (model.needsComponent && Object.keys(components).length === 0) return;
      if (!decideReceipt(prng, rule, model, household.previous.decile)) return;
      const villageCode =
        input.neighbours.length > 0 && prng.chance(LISTED_IN_NEIGHBOUR_VILLAGE)
          ? prng.pick(input.neighbours).code
          : household.villageCode;
      const listed = listedKk(prng, household.kk);
      const listErrors: SourceErrorKind[] = [
        ...(listed.error ? [listed.error] : []),
        ...(villageCode === household.villageCode ? [] : ['village_other' as const]),
      ];
      const kk = listed.kk;
      if (rule.unit === 'person') {
        household.members.forEach((member, memberIndex) => {
          if (!prng.chance(PBI_MEMBER_LISTED)) return;
          rows.push(
            sourceRow(
              prng,
              rule,
              householdIndex,
              member,
              memberIndex,
              { kk, villageCode, listErrors },
              rule.monthlyBenefit,
              {},
            ),
          );
        });
        return;
      }
      const memberIndex = recipientIndex(prng, household, rule.code);
      const amount = model.needsComponent
        ? pkhPayment(components, model.monthsPerPayment)
        : rule.monthlyBenefit === null
          ? null
          : rule.monthlyBenefit * model.monthsPerPayment;
      const extra = model.needsComponent ? { ...components, tahap: 1 } : {};
      rows.push(
        sourceRow(
          prng,
          rule,
          householdIndex,
          household.members[memberIndex]!,
          memberIndex,
          { kk, villageCode, listErrors },
          amount,
          extra,
        ),
      );
    });
  }
  return rows;
}

/** PKH components of a household on the snapshot date. */
export function householdComponents(household: DemoHousehold): Record<string, number> {
  return pkhComponents(
    household.members.map((m, i) => ({ age: household.ages[i]!, disability: m.disability })),
  );
}

function sourceRow(
  rng: Rng,
  rule: ProgramRule,
  householdIndex: number,
  member: SynthPerson,
  memberIndex: number,
  listing: { kk: string | null; villageCode: string; listErrors: SourceErrorKind[] },
  amount: number | null,
  components: Record<string, unknown>,
): DemoEnrolment {
  const { record, errors } = corruptPersonRecord(rng, toRecord(member), BANSOS_LIST_RATES);
  return {
    programCode: rule.code,
    nik: record.nik,
    kk: listing.kk,
    name: record.name,
    villageCode: listing.villageCode,
    amount,
    components,
    truth: { householdIndex, memberIndex, errors: [...errors, ...listing.listErrors] },
  };
}

/** PKH is paid to the mother (pengurus keluarga); Sembako to the wife or the head. */
function recipientIndex(rng: Rng, household: SynthHousehold, programCode: string): number {
  const wife = household.members.findIndex((m) => m.relation === RELATION.wife);
  if (wife >= 0 && (programCode === 'PKH' || rng.chance(0.6))) return wife;
  return 0;
}

function listedKk(rng: Rng, kk: string): { kk: string | null; error: SourceErrorKind | null } {
  const r = rng.next();
  if (r < KK_MISSING) return { kk: null, error: 'kk_missing' };
  if (r < KK_MISSING + KK_WRONG_DIGIT) return { kk: wrongDigit(rng, kk), error: 'kk_wrong_digit' };
  return { kk, error: null };
}

/** Recipient lists and member registers here carry NIK and name, not a birth date column. */
function toRecord(person: SynthPerson) {
  return {
    nik: person.nik,
    name: person.name,
    sex: person.sex,
    birthDate: null,
    muslim: person.religion === 'islam',
  };
}

interface Candidate {
  householdIndex: number;
  memberIndex: number;
  person: SynthPerson;
  key: number;
}

/**
 * Officers and members: adults (17+ or married), chosen with weights that favour the better off, heads and
 * spouses, and (a little) PKH families the pilot reaches out to. Officers lean to the educated; every officer
 * is also a member. About 10–20 members per cooperative, fewer in tiny villages.
 */
function cooperativePeople(
  rng: Rng,
  households: readonly DemoHousehold[],
  cooperative: DemoCooperative,
  settings: DemoSettings,
  pkhHouseholds: ReadonlySet<number>,
): { officers: DemoOfficer[]; members: DemoMember[] } {
  const adults: Candidate[] = [];
  households.forEach((household, householdIndex) => {
    household.members.forEach((person, memberIndex) => {
      const age = household.ages[memberIndex]!;
      if (age < 17 && person.maritalStatus === 'BELUM KAWIN') return;
      const core = person.relation <= RELATION.wife ? 3 : 1;
      const weight = Math.exp(1.1 * household.welfare) * core * (pkhHouseholds.has(householdIndex) ? 1.5 : 1);
      // Efraimidis–Spirakis: the k largest u^(1/w) are a weighted sample without replacement.
      adults.push({ householdIndex, memberIndex, person, key: Math.pow(rng.next(), 1 / weight) });
    });
  });
  const target = Math.min(rng.int(10, 20), Math.floor(adults.length * 0.6));
  const chosen = adults.sort((a, b) => b.key - a.key).slice(0, target);
  // Officers: the most educated of the first members, aged 25–65 where possible.
  const officerPool = chosen
    .map((c) => {
      const age = households[c.householdIndex]!.ages[c.memberIndex]!;
      return { c, score: educationScore(c.person) + rng.next() - (age >= 25 && age <= 65 ? 0 : 5) };
    })
    .sort((a, b) => b.score - a.score)
    .map((x) => x.c);
  const positions = officerPositions(officerPool.length);
  const officerCount = positions.length;
  const officers: DemoOfficer[] = [];
  for (let i = 0; i < officerCount; i++) {
    const c = officerPool[i]!;
    const { record, errors } = corruptPersonRecord(rng, toRecord(c.person), OFFICER_RATES);
    officers.push({
      position: positions[i]!,
      exOfficio: isExOfficio(positions[i]!),
      name: record.name,
      nik: record.nik,
      startDate: cooperative.establishedOn,
      truth: { householdIndex: c.householdIndex, memberIndex: c.memberIndex, errors },
    });
  }
  // Register order: officers (founders) first, then the others by when they joined.
  const founders = new Set(officerPool.slice(0, officerCount));
  const ordered = [...officerPool.slice(0, officerCount), ...chosen.filter((c) => !founders.has(c))];
  const members = ordered.map((c, i): DemoMember => {
    const joinedOn = founders.has(c)
      ? cooperative.establishedOn
      : dateBetween(rng, cooperative.establishedOn, settings.snapshotDate);
    const leftOn = rng.chance(0.03) ? dateBetween(rng, joinedOn, settings.snapshotDate) : null;
    const { record, errors } = corruptPersonRecord(rng, toRecord(c.person), MEMBER_REGISTER_RATES);
    return {
      memberNo: String(i + 1).padStart(4, '0'),
      nik: record.nik,
      name: record.name,
      joinedOn,
      leftOn,
      savingsPaid: savingsPaid(rng, joinedOn, leftOn ?? settings.snapshotDate),
      truth: { householdIndex: c.householdIndex, memberIndex: c.memberIndex, errors },
    };
  });
  return { officers, members };
}

function educationScore(person: SynthPerson): number {
  if (/STRATA|DIPLOMA/.test(person.education)) return 3;
  if (person.education.startsWith('SLTA')) return 2;
  if (person.education.startsWith('SLTP')) return 1;
  return 0;
}
