/**
 * Pilots: creation from a region's villages, randomisation (stored with seed, input, code version and balance),
 * publication (immutable afterwards; a new draw supersedes it with a reason) and the pilot's record. Every change
 * is audited in its transaction. The draw itself is pilots/design/randomize.ts, the same code as
 * `entas pilot randomize` on a file.
 */
import { createHash } from 'node:crypto';
import type { AuditActor } from '../audit/access-audit.js';
import { auditChange } from '../audit/access-audit.js';
import type { Tx } from '../db/database.js';
import type { RandomizationSummaryColumn } from '../db/tables/pilots.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import { entasVersion } from '../shared/package-version.js';
import { balanceTable } from './design/balance.js';
import { matchComparisons, MATCH_ALGORITHM } from './design/match.js';
import { parseShare, randomize, RANDOMIZE_ALGORITHM, type Arm } from './design/randomize.js';
import {
  BASELINE_COVARIATES,
  baselineOf,
  regencyTercileStrata,
  type ClusterCounts,
} from './cluster-strata.js';
import { loadClusterCounts, loadCooperativeClusterCounts } from './cluster-repository.js';
import { VillageRepository } from '../villages/village-repository.js';
import { PilotRepository } from './pilot-repository.js';
import { createRng } from '../shared/random.js';
import { csvLine } from '../shared/spreadsheet-export.js';
import { scoreVillages } from '../villages/village-score.js';

export type PilotDesign = 'randomized' | 'stepped_wedge' | 'non_randomized';
/** What a pilot's clusters are: the region's villages, or its cooperatives (Kopdes/Kel). */
export type ClusterKind = 'village' | 'cooperative';
export const CLUSTER_KINDS: readonly ClusterKind[] = ['village', 'cooperative'];
export const PILOT_DESIGNS: readonly PilotDesign[] = ['randomized', 'stepped_wedge', 'non_randomized'];

/** How a non-randomised pilot's comparison clusters are chosen, unless the pilot states another method. */
export const COMPARISON_METHOD = `${MATCH_ALGORITHM}: nearest neighbour on standardised baseline covariates (${BASELINE_COVARIATES.join(', ')}) within strata (regency × poverty tercile), without replacement, closest pairs first; balance by standardised mean differences of the matched set`;

export interface WaveInput {
  startsOn: string;
  endsOn?: string | null | undefined;
}

export interface CreatePilotInput {
  name: string;
  regionCode: string;
  design: PilotDesign;
  /**
   * village (default): the region's villages with households. cooperative: the cooperatives of the region's
   * villages, each over the households the policy's current decisions assign to it.
   */
  clusterKind?: ClusterKind | undefined;
  treatedShare?: string | undefined;
  waves: WaveInput[];
  /** Stored policy id (e.g. kopdes-default); its newest version. */
  policyId: string;
  memberTreatments: string[];
  comparisonMethod?: string | null | undefined;
  /** Only these villages (inside the region); default every village of the region with households. */
  villages?: string[] | undefined;
  /**
   * Take the region's `fromRanking` villages ranked highest for founding cooperatives (the village ranking of
   * src/villages, as `entas villages rank` and GET /api/v1/villages/ranking), instead of all of them.
   */
  fromRanking?: number | undefined;
  /** Keep at most this many villages, chosen by a seeded draw from those eligible. */
  maxClusters?: number | undefined;
  selectionSeed?: string | undefined;
}

export interface PilotRecord {
  id: number;
  name: string;
  region_code: string;
  design: PilotDesign;
  cluster_kind: ClusterKind;
  treated_share: string;
  wave_count: number;
  status: 'draft' | 'published' | 'closed';
  policy: { policy_id: string; version: number } | null;
  member_treatments: string[];
  comparison_method: string | null;
  clusters: number;
  created_by: string;
  created_at: Date;
  waves: { wave_no: number; starts_on: string; ends_on: string | null; opened_at: Date | null }[];
  randomization: RandomizationRecord | null;
}

/** What a draw records besides its assignment: the stored column's shape (src/db/tables/pilots.ts). */
export type RandomizationSummary = RandomizationSummaryColumn;

export interface RandomizationRecord {
  id: number;
  status: 'draft' | 'published' | 'discarded' | 'superseded';
  algorithm: string;
  code_version: string;
  seed: string;
  input_sha256: string;
  output_sha256: string;
  supersedes: number | null;
  reason: string | null;
  created_by: string;
  created_at: Date;
  published_by: string | null;
  published_at: Date | null;
  summary: RandomizationSummary;
}

export interface AssignmentRow {
  cluster_id: number;
  cluster_key: string;
  village_code: string;
  stratum: string;
  arm: 'treatment' | 'control';
  wave_no: number | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function createPilot(tx: Tx, input: CreatePilotInput, who: AuditActor): Promise<number> {
  const { name, clusterKind, share } = checkPilotInput(input);
  const repo = new PilotRepository(tx.db);
  const region = await repo.region(input.regionCode);
  if (!region)
    throw new NotFoundError(
      say(`region ${input.regionCode} not found`, `wilayah ${input.regionCode} tidak ditemukan`),
    );
  const policy = await repo.latestPolicyVersion(input.policyId);
  if (!policy)
    throw new NotFoundError(
      say(
        `policy ${input.policyId} is not stored (apply it first)`,
        `kebijakan ${input.policyId} belum tersimpan (terapkan dulu)`,
      ),
    );
  if (await repo.nameTaken(name))
    throw new UserError(
      say(`a pilot named "${name}" exists`, `uji coba bernama "${name}" sudah ada`),
      'pilot_exists',
    );

  let counts: (ClusterCounts & { cooperativeId?: number })[] =
    clusterKind === 'cooperative'
      ? await loadCooperativeClusterCounts(tx.db, input.regionCode, policy.id, input.villages)
      : await loadClusterCounts(tx.db, input.regionCode, input.villages);
  if (input.villages) {
    const found = new Set(counts.map((c) => c.villageCode));
    const missing = input.villages.filter((v) => !found.has(v));
    if (missing.length > 0)
      throw new UserError(
        say(
          `villages not in region ${input.regionCode} or without ${clusterKind === 'cooperative' ? 'a cooperative with assigned households' : 'households'}: ${missing.slice(0, 5).join(', ')}`,
          `desa di luar wilayah ${input.regionCode} atau tanpa ${clusterKind === 'cooperative' ? 'koperasi dengan rumah tangga yang ditetapkan' : 'rumah tangga'}: ${missing.slice(0, 5).join(', ')}`,
        ),
      );
  }
  counts = await narrowClusters(tx, input, name, counts);
  if (counts.length < 2)
    throw new UserError(
      say(
        clusterKind === 'cooperative'
          ? `region ${input.regionCode} has ${counts.length} cooperative(s) with households assigned by policy ${input.policyId}: a pilot needs at least 2 clusters`
          : `region ${input.regionCode} has ${counts.length} village(s) with households: a pilot needs at least 2 clusters`,
        clusterKind === 'cooperative'
          ? `wilayah ${input.regionCode} memiliki ${counts.length} koperasi dengan rumah tangga yang ditetapkan kebijakan ${input.policyId}: uji coba memerlukan minimal 2 klaster`
          : `wilayah ${input.regionCode} memiliki ${counts.length} desa berumah tangga: uji coba memerlukan minimal 2 klaster`,
      ),
    );
  const strata = regencyTercileStrata(counts);
  const pilotId = await repo.insertPilot(
    {
      name,
      region_code: input.regionCode,
      policy_row_id: policy.id,
      design: input.design,
      cluster_kind: clusterKind,
      treated_share: share,
      wave_count: input.waves.length,
      comparison_method:
        input.comparisonMethod?.trim() || (input.design === 'non_randomized' ? COMPARISON_METHOD : null),
      member_treatments: input.memberTreatments,
      created_by: who.username,
    },
    (id) =>
      counts.map((c) => ({
        pilot_id: id,
        province_code: c.villageCode.slice(0, 2),
        cluster_key: c.key,
        village_code: c.villageCode,
        cooperative_id: c.cooperativeId ?? null,
        stratum: strata.get(c.key)!,
        baseline: JSON.stringify(baselineOf(c)),
      })),
    (id) =>
      input.waves.map((w, i) => ({
        pilot_id: id,
        wave_no: i + 1,
        starts_on: w.startsOn,
        ends_on: w.endsOn ?? null,
      })),
  );
  await auditChange(tx, who, {
    action: 'pilot.create',
    subjectType: 'pilot',
    subjectId: pilotId,
    regionCode: input.regionCode,
    details: {
      design: input.design,
      cluster_kind: clusterKind,
      clusters: counts.length,
      waves: input.waves.length,
      policy_id: input.policyId,
      ...(input.fromRanking === undefined ? {} : { from_ranking: input.fromRanking }),
    },
  });
  return pilotId;
}

/** The input's own rules (no database): name, design, cluster kind, share and waves. */
function checkPilotInput(input: CreatePilotInput): { name: string; clusterKind: ClusterKind; share: string } {
  const name = input.name.trim();
  if (name === '' || name.length > 200)
    throw new UserError(say('name: 1 to 200 characters', 'name: 1 sampai 200 karakter'));
  if (!PILOT_DESIGNS.includes(input.design))
    throw new UserError(
      say(
        `design: expected one of ${PILOT_DESIGNS.join(', ')}`,
        `design: gunakan ${PILOT_DESIGNS.join(', ')}`,
      ),
    );
  const clusterKind = input.clusterKind ?? 'village';
  if (!CLUSTER_KINDS.includes(clusterKind))
    throw new UserError(
      say(
        `cluster kind: expected one of ${CLUSTER_KINDS.join(', ')}`,
        `jenis klaster: gunakan ${CLUSTER_KINDS.join(', ')}`,
      ),
      'invalid_option',
    );
  const share = input.design === 'stepped_wedge' ? '1' : (input.treatedShare ?? '0.5');
  parseShare(share);
  if (input.waves.length === 0 || input.waves.length > 100)
    throw new UserError(say('waves: 1 to 100 waves', 'waves: 1 sampai 100 gelombang'));
  if (input.design === 'stepped_wedge' && input.waves.length < 2)
    throw new UserError(
      say('a stepped wedge needs at least 2 waves', 'stepped wedge memerlukan minimal 2 gelombang'),
    );
  if (input.memberTreatments.length === 0)
    throw new UserError(say('member treatments: at least one', 'perlakuan anggota: minimal satu'));
  return { name, clusterKind, share };
}

/** The clusters kept: the region's top `fromRanking` villages, then at most `maxClusters` by a seeded draw. */
async function narrowClusters<C extends ClusterCounts>(
  tx: Tx,
  input: CreatePilotInput,
  name: string,
  counts: C[],
): Promise<C[]> {
  if (input.fromRanking !== undefined) {
    if (input.villages)
      throw new UserError(
        say(
          'give either the villages or a number from the village ranking, not both',
          'pilih daftar desa atau jumlah dari peringkat desa, tidak keduanya',
        ),
        'invalid_option',
      );
    if (!Number.isInteger(input.fromRanking) || input.fromRanking < 2)
      throw new UserError(
        say('from ranking: a whole number, 2 or more', 'dari peringkat: bilangan bulat, minimal 2'),
        'invalid_option',
      );
    const present = new Set(counts.map((c) => c.villageCode));
    const top = new Set(
      scoreVillages(await new VillageRepository(tx.db).facts(input.regionCode.slice(0, 2)))
        .filter((v) => present.has(v.villageCode))
        .slice(0, input.fromRanking)
        .map((v) => v.villageCode),
    );
    counts = counts.filter((c) => top.has(c.villageCode));
  }
  if (input.maxClusters !== undefined && counts.length > input.maxClusters) {
    const rng = createRng(`entas-pilot-clusters/1:${input.selectionSeed ?? name}`);
    const keys = counts.map((c) => c.key).sort();
    for (let i = keys.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const keep = new Set(keys.slice(0, input.maxClusters));
    counts = counts.filter((c) => keep.has(c.key));
  }
  return counts;
}

/** Draws an assignment (a draft; publishing makes it binding). Re-drawing after publication needs a reason. */
export async function randomizePilot(
  tx: Tx,
  pilotId: number,
  options: { seed: string; reason?: string | undefined },
  who: AuditActor,
): Promise<RandomizationRecord> {
  const pilot = await lockPilot(tx, pilotId);
  if (pilot.design === 'non_randomized')
    throw new UserError(
      say(
        'a non-randomised pilot has no draw: match comparison clusters instead (pilot match)',
        'uji coba tanpa pengacakan tidak diundi: padankan klaster pembanding (pilot match)',
      ),
      'not_randomized',
    );
  if (!/^\d{1,15}$/.test(options.seed))
    throw new UserError(
      say('seed: a whole number, 0 or more', 'seed: bilangan bulat 0 atau lebih'),
      'invalid_option',
    );
  const published = await publishedDraw(tx, pilotId, options.reason);
  const clusters = await clustersOf(tx, pilotId);
  const waves = pilot.design === 'stepped_wedge' || pilot.wave_count > 1 ? pilot.wave_count : null;
  const draw = randomize(
    clusters.map((c) => ({ id: c.cluster_key, stratum: c.stratum })),
    { share: parseShare(pilot.treated_share), seed: options.seed, waves },
  );
  const arms = draw.assignments.map((a) => a.arm);
  const summary: RandomizationSummary = {
    strata: draw.strata,
    treated: arms.filter((a) => a === 'treatment').length,
    control: arms.filter((a) => a === 'control').length,
    balance: baselineBalance(clusters, arms),
  };
  return storeDraw(
    tx,
    pilot,
    {
      algorithm: RANDOMIZE_ALGORITHM,
      seed: options.seed,
      inputText: clusters.map((c) => csvLine([c.cluster_key, c.stratum])).join(''),
      rows: clusters.map((c, i) => ({
        cluster: c,
        arm: draw.assignments[i]!.arm,
        wave: draw.assignments[i]!.wave,
      })),
      summary,
      published: published?.id ?? null,
      reason: options.reason,
    },
    who,
  );
}

export interface MatchInput {
  /** The clusters the program chose to treat (cluster keys, i.e. village codes), with their wave (default 1). */
  treated: { cluster: string; wave?: number | undefined }[];
  reason?: string | undefined;
}

/**
 * Non-randomised design: the program's treated clusters get comparison clusters matched on the baseline
 * covariates (design/match.ts, nearest neighbour on standardised covariates within strata, without
 * replacement). Stored like a draw (a draft until published; a published matching is superseded with a
 * reason): the treated clusters in the treatment arm, their matches in the control arm, the other clusters in
 * neither. The balance table is of the matched set; the summary keeps the pairs and the balance before matching.
 */
export async function matchPilot(
  tx: Tx,
  pilotId: number,
  input: MatchInput,
  who: AuditActor,
): Promise<RandomizationRecord> {
  const pilot = await lockPilot(tx, pilotId);
  if (pilot.design !== 'non_randomized')
    throw new UserError(
      say(
        `pilot ${pilotId} is ${pilot.design}: its clusters are randomised, not matched`,
        `uji coba ${pilotId} berdesain ${pilot.design}: klasternya diundi, bukan dipadankan`,
      ),
      'randomized_design',
    );
  const published = await publishedDraw(tx, pilotId, input.reason);
  const clusters = await clustersOf(tx, pilotId);
  const known = new Set(clusters.map((c) => c.cluster_key));
  const waves = new Map<string, number>();
  input.treated.forEach((t, i) => {
    const where = `treated[${i}] (${t.cluster})`;
    if (!known.has(t.cluster))
      throw new UserError(
        say(`${where}: not a cluster of pilot ${pilotId}`, `${where}: bukan klaster uji coba ${pilotId}`),
        'invalid_option',
      );
    if (waves.has(t.cluster))
      throw new UserError(say(`${where}: listed twice`, `${where}: tercantum dua kali`), 'invalid_option');
    const wave = t.wave ?? 1;
    if (!Number.isInteger(wave) || wave < 1 || wave > pilot.wave_count)
      throw new UserError(
        say(
          `${where}: wave ${wave} is not one of the pilot's waves 1..${pilot.wave_count}`,
          `${where}: gelombang ${wave} bukan gelombang uji coba 1..${pilot.wave_count}`,
        ),
        'invalid_option',
      );
    waves.set(t.cluster, wave);
  });
  if (waves.size === 0 || waves.size === clusters.length)
    throw new UserError(
      say(
        `treated: between 1 and ${clusters.length - 1} of the pilot's ${clusters.length} clusters (the rest are the pool of comparisons)`,
        `treated: antara 1 dan ${clusters.length - 1} dari ${clusters.length} klaster uji coba (sisanya kumpulan pembanding)`,
      ),
      'invalid_option',
    );
  const match = matchComparisons(
    clusters.map((c) => ({
      id: c.cluster_key,
      stratum: c.stratum,
      treated: waves.has(c.cluster_key),
      covariates: BASELINE_COVARIATES.map((name) => c.baseline[name]),
    })),
  );
  const matchedControl = new Set(match.pairs.map((p) => p.control));
  const matchedTreated = new Set(match.pairs.map((p) => p.treated));
  const inSet = clusters.filter((c) => waves.has(c.cluster_key) || matchedControl.has(c.cluster_key));
  const armOf = (key: string): Arm => (waves.has(key) ? 'treatment' : 'control');
  const matchedSet = clusters.filter(
    (c) => matchedTreated.has(c.cluster_key) || matchedControl.has(c.cluster_key),
  );
  const strata = new Map<string, StratumCount>();
  for (const c of inSet) {
    const s = strata.get(c.stratum) ?? {
      stratum: c.stratum,
      clusters: 0,
      treated: 0,
      control: 0,
      waves: Array.from({ length: pilot.wave_count }, () => 0),
    };
    s.clusters++;
    const wave = waves.get(c.cluster_key);
    if (wave === undefined) s.control++;
    else {
      s.treated++;
      s.waves[wave - 1]!++;
    }
    strata.set(c.stratum, s);
  }
  const summary: RandomizationSummary = {
    strata: [...strata.values()].sort((a, b) => (a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : 0)),
    treated: waves.size,
    control: matchedControl.size,
    balance: baselineBalance(
      matchedSet,
      matchedSet.map((c) => armOf(c.cluster_key)),
    ),
    matching: {
      covariates: [...BASELINE_COVARIATES],
      pairs: match.pairs,
      unmatched: match.unmatched,
      balance_before: baselineBalance(
        clusters,
        clusters.map((c) => armOf(c.cluster_key)),
      ),
    },
  };
  return storeDraw(
    tx,
    pilot,
    {
      algorithm: MATCH_ALGORITHM,
      seed: '',
      inputText: clusters
        .map((c) =>
          csvLine([
            c.cluster_key,
            c.stratum,
            waves.get(c.cluster_key),
            ...BASELINE_COVARIATES.map((n) => c.baseline[n]),
          ]),
        )
        .join(''),
      rows: inSet.map((c) => ({
        cluster: c,
        arm: armOf(c.cluster_key),
        wave: waves.get(c.cluster_key) ?? null,
      })),
      summary,
      published: published?.id ?? null,
      reason: input.reason,
    },
    who,
  );
}

type StratumCount = RandomizationSummary['strata'][number];
type PilotRow = Awaited<ReturnType<typeof lockPilot>>;
type ClusterRow = Awaited<ReturnType<PilotRepository['clusters']>>[number];

/** The pilot's published draw; when there is one, a new draw supersedes it and needs a reason. */
async function publishedDraw(tx: Tx, pilotId: number, reason: string | undefined) {
  const published = await new PilotRepository(tx.db).publishedDraw(pilotId);
  if (published && !reason?.trim())
    throw new UserError(
      say(
        `pilot ${pilotId} has a published assignment: a new draw supersedes it and needs --reason`,
        `uji coba ${pilotId} sudah memiliki penetapan yang diterbitkan: undian baru menggantikannya dan memerlukan --reason`,
      ),
      'reason_required',
    );
  return published;
}

function clustersOf(tx: Tx, pilotId: number) {
  return new PilotRepository(tx.db).clusters(pilotId);
}

function baselineBalance(clusters: readonly ClusterRow[], arms: readonly Arm[]) {
  return balanceTable(
    arms,
    BASELINE_COVARIATES.map((name) => ({ name, values: clusters.map((c) => c.baseline[name]) })),
  );
}

/** Stores a draft draw (discarding an earlier draft) with its assignment rows and audit entry. */
async function storeDraw(
  tx: Tx,
  pilot: PilotRow,
  draw: {
    algorithm: string;
    seed: string;
    inputText: string;
    rows: { cluster: ClusterRow; arm: Arm; wave: number | null }[];
    summary: RandomizationSummary;
    published: number | null;
    reason: string | undefined;
  },
  who: AuditActor,
): Promise<RandomizationRecord> {
  const outputText = draw.rows.map((r) => csvLine([r.cluster.cluster_key, r.arm, r.wave])).join('');
  const randomizationId = await new PilotRepository(tx.db).insertDraftDraw(
    {
      pilot_id: pilot.id,
      algorithm: draw.algorithm,
      code_version: `entas ${entasVersion()}`,
      seed: draw.seed,
      input_sha256: sha256(draw.inputText),
      output_sha256: sha256(outputText),
      summary: JSON.stringify(draw.summary),
      supersedes: draw.published,
      reason: draw.published === null ? null : draw.reason!.trim(),
      created_by: who.username,
    },
    (id) =>
      draw.rows.map((r) => ({
        randomization_id: id,
        cluster_id: r.cluster.id,
        province_code: r.cluster.province_code,
        arm: r.arm,
        wave_no: r.wave,
      })),
  );
  await auditChange(tx, who, {
    action: draw.algorithm === MATCH_ALGORITHM ? 'pilot.match' : 'pilot.randomize',
    subjectType: 'pilot',
    subjectId: pilot.id,
    regionCode: pilot.region_code,
    details: {
      randomization_id: randomizationId,
      ...(draw.seed === '' ? {} : { seed: draw.seed }),
      output_sha256: sha256(outputText),
      supersedes: draw.published,
    },
  });
  return (await latestRandomization(tx, pilot.id))!;
}

/** Publishes the pilot's draft draw: from now on it is the binding assignment (a superseded one is kept). */
export async function publishPilot(tx: Tx, pilotId: number, who: AuditActor): Promise<RandomizationRecord> {
  const pilot = await lockPilot(tx, pilotId);
  const repo = new PilotRepository(tx.db);
  const draft = await repo.draftDraw(pilotId);
  if (!draft)
    throw new UserError(
      say(
        `pilot ${pilotId} has no draft draw to publish (run randomize first)`,
        `uji coba ${pilotId} tidak memiliki undian draf untuk diterbitkan (jalankan randomize dulu)`,
      ),
      'nothing_to_publish',
    );
  await repo.publishDraw(pilotId, draft, who.username);
  await auditChange(tx, who, {
    action: 'pilot.publish',
    subjectType: 'pilot',
    subjectId: pilotId,
    regionCode: pilot.region_code,
    details: { randomization_id: draft.id, supersedes: draft.supersedes },
  });
  return (await latestRandomization(tx, pilotId))!;
}

/** The pilot row, locked for the rest of the transaction; NotFoundError when there is none. */
export async function lockPilot(tx: Tx, pilotId: number) {
  const pilot = await new PilotRepository(tx.db).lockPilot(pilotId);
  if (!pilot)
    throw new NotFoundError(say(`pilot ${pilotId} not found`, `uji coba ${pilotId} tidak ditemukan`));
  return pilot;
}

type Reader = Pick<Tx, 'db'>;

/** The newest draw of a pilot that is not discarded (the draft if any, else the published one). */
export async function latestRandomization(tx: Reader, pilotId: number): Promise<RandomizationRecord | null> {
  const row = await new PilotRepository(tx.db).latestDraw(pilotId);
  if (!row) return null;
  const { pilot_id: _p, summary, ...rest } = row;
  return { ...rest, summary };
}

/** The assignment of one draw, by cluster key. */
export async function assignmentsOf(tx: Reader, randomizationId: number): Promise<AssignmentRow[]> {
  return new PilotRepository(tx.db).assignments(randomizationId);
}

export async function pilotRecord(tx: Reader, pilotId: number): Promise<PilotRecord | null> {
  const repo = new PilotRepository(tx.db);
  const pilot = await repo.pilot(pilotId);
  if (!pilot) return null;
  const waves = await repo.waves(pilotId);
  const { policy_id, policy_version, ...rest } = pilot;
  return {
    ...rest,
    clusters: Number(pilot.clusters),
    policy: policy_id === null || policy_version === null ? null : { policy_id, version: policy_version },
    waves,
    randomization: await latestRandomization(tx, pilotId),
  };
}

export type { ClusterCounts };
