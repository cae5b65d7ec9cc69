/**
 * Synthetic Indonesian population: pure, seeded, no I/O. Same seed ⇒ same people on every machine.
 *
 *   import { createRng, generateHousehold, SerialAllocator, regionalProfile, corruptPersonRecord,
 *            BANSOS_LIST_RATES } from '../synth/index.js';
 *
 *   const rng = createRng('my-benchmark-1');                       // sfc32; rng.fork(label) for sub-streams
 *   const profile = regionalProfile('53');                         // poverty rate, mean size, naming traditions
 *   const serials = new SerialAllocator();                         // unique NIK/KK serials (one per district)
 *   const household = generateHousehold(rng.fork('hh-1'),
 *     { code: '53.01.05.2001', name: 'Oelbubuk', kind: 'desa' },
 *     { cultures: profile.cultures, meanSize: profile.meanSize, serials, welfare: -0.8 });
 *   // household.members[i]: { nik, name, sex, birthDate, relation (Dukcapil 1–11), disability, occupation, … }
 *
 *   const { record, errors } = corruptPersonRecord(rng, { nik, name, sex, birthDate }, BANSOS_LIST_RATES);
 *   // record: how another source lists the person; errors: ['nik_wrong_digit', 'name_title', …]
 *
 * Welfare (welfare.ts) is a national standard-normal score; `regionWelfareShift(povertyRate)`,
 * `villageWelfareEffect`, `householdWelfare` build clustered regional distributions and `proxyMeansTest` turns
 * welfare into a noisy DTSEN decile and PMT score.
 */
export { createRng, normalCdf, normalQuantile, type Rng } from './random.js';
export { CULTURES, type Culture, type Sex } from './name-pools.js';
export {
  generateName,
  addRegisterTitles,
  toOldSpelling,
  pickReligion,
  pickClan,
  type Religion,
} from './names.js';
export {
  generateHousehold,
  personAge,
  RELATION,
  type HouseholdOptions,
  type SynthHousehold,
  type SynthPerson,
  type SynthVillage,
} from './household.js';
export { SerialAllocator } from './serials.js';
export { regionalProfile, hasRegionalProfile, type RegionalProfile } from './regional-profiles.js';
export {
  householdWelfare,
  proxyMeansTest,
  regionWelfareShift,
  villageWelfareEffect,
  welfareDecile,
  POVERTY_LINE_Z,
} from './welfare.js';
export {
  corruptPersonRecord,
  transposeDigits,
  wrongDigit,
  BANSOS_LIST_RATES,
  MEMBER_REGISTER_RATES,
  CORRUPTION_KINDS,
  type CorruptedRecord,
  type CorruptionKind,
  type CorruptionRates,
  type PersonRecord,
} from './corrupt.js';
export { ageOn, birthDateForAge, dateBetween } from './dates.js';
