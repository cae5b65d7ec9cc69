import type { Command } from 'commander';
import { openWave } from '../../pilots/enrolment/enrolment-service.js';
import {
  CLUSTER_KINDS,
  createPilot,
  pilotRecord,
  PILOT_DESIGNS,
  publishPilot,
  matchPilot,
  randomizePilot,
  type PilotDesign,
  type PilotRecord,
  type RandomizationRecord,
} from '../../pilots/pilot-service.js';
import { presentPilot, presentRandomization } from '../../server/presenters/pilots.js';
import { isCivilDate } from '../../shared/civil-date.js';
import { action, withJson, type CommandContext, type CommandResult } from '../command-runner.js';
import { tr, userError } from '../lang.js';
import { localOperator } from '../local-operator.js';
import { integerOption } from '../option-values.js';

interface CreateOptions {
  name: string;
  region: string;
  design: string;
  clusterKind: string;
  treatedShare?: string;
  waves: string;
  policy: string;
  memberTreatments: string;
  comparisonMethod?: string;
  villages?: string;
  maxClusters?: string;
  fromRanking?: string;
}

const pilotId = (raw: string) => {
  const id = integerOption('--pilot', raw);
  if (id < 1)
    throw userError(`--pilot must be an id (got ${raw})`, `--pilot harus berupa id (diberikan ${raw})`);
  return id;
};

/** `--waves 2026-03-01:2026-04-30,2026-06-01` → waves with start (and end) dates. */
function parseWaves(raw: string) {
  return raw.split(',').map((part, i) => {
    const [startsOn = '', endsOn] = part.trim().split(':');
    for (const d of [startsOn, endsOn].filter((x): x is string => x !== undefined))
      if (!isCivilDate(d))
        throw userError(
          `--waves: wave ${i + 1} has "${d}", expected YYYY-MM-DD[:YYYY-MM-DD]`,
          `--waves: gelombang ${i + 1} berisi "${d}", gunakan YYYY-MM-DD[:YYYY-MM-DD]`,
        );
    return { startsOn, endsOn: endsOn ?? null };
  });
}

function randomizationText(r: RandomizationRecord): string {
  const warnings = r.summary.balance.filter((b) => b.warning).map((b) => b.covariate);
  return [
    tr(
      `draw ${r.id} (${r.status}): ${r.summary.treated} treatment, ${r.summary.control} control in ${r.summary.strata.length} strata${r.seed === '' ? '' : `, seed ${r.seed}`}`,
      `undian ${r.id} (${r.status}): ${r.summary.treated} perlakuan, ${r.summary.control} kontrol dalam ${r.summary.strata.length} strata${r.seed === '' ? '' : `, seed ${r.seed}`}`,
    ),
    `output sha256 ${r.output_sha256}, ${r.code_version}, ${r.algorithm}`,
    ...(r.summary.matching
      ? [
          ...r.summary.matching.pairs.map(
            (p) =>
              `  ${p.treated} ↔ ${p.control} (${p.stratum}, ${tr('distance', 'jarak')} ${p.distance.toFixed(3)})`,
          ),
          ...(r.summary.matching.unmatched.length > 0
            ? [
                tr(
                  `no comparison in their stratum: ${r.summary.matching.unmatched.join(', ')}`,
                  `tanpa pembanding di stratanya: ${r.summary.matching.unmatched.join(', ')}`,
                ),
              ]
            : []),
          tr('balance of the matched set:', 'keseimbangan himpunan berpadanan:'),
        ]
      : []),
    ...r.summary.balance.map(
      (b) =>
        `  ${b.covariate}: SMD ${b.smd === null ? '-' : b.smd.toFixed(3)}${b.warning ? '  ⚠ |SMD| > 0.1' : ''}`,
    ),
    ...(warnings.length > 0
      ? [tr(`balance warnings: ${warnings.join(', ')}`, `peringatan keseimbangan: ${warnings.join(', ')}`)]
      : []),
  ].join('\n');
}

function pilotText(p: PilotRecord): string {
  return [
    `${p.id} ${p.name} (${p.design}, ${p.status}) ${p.region_code}: ${p.clusters} ${p.cluster_kind === 'cooperative' ? tr('cooperative clusters', 'klaster koperasi') : tr('clusters', 'klaster')}, ${tr('treated share', 'porsi perlakuan')} ${p.treated_share}`,
    ...p.waves.map(
      (w) =>
        `  ${tr('wave', 'gelombang')} ${w.wave_no}: ${w.starts_on}${w.ends_on ? ` – ${w.ends_on}` : ''}${w.opened_at ? tr(' (open)', ' (dibuka)') : ''}`,
    ),
    p.randomization ? randomizationText(p.randomization) : tr('not randomised yet', 'belum diundi'),
  ].join('\n');
}

export async function randomizeStoredPilot(
  ctx: CommandContext,
  raw: string,
  seed: string,
  reason: string | undefined,
): Promise<CommandResult> {
  const database = await ctx.database();
  const r = await database.transaction((tx) =>
    randomizePilot(tx, pilotId(raw), { seed: seed.trim(), reason }, localOperator(ctx)),
  );
  return { json: presentRandomization(r), text: randomizationText(r) };
}

/** `entas pilot create|show|match|publish|waves open`: pilots stored in the database. */
export function registerStoredPilotCommands(pilot: Command): void {
  withJson(
    pilot
      .command('create')
      .description(
        'create a pilot over the villages (with households) of a region, stratified by regency × poverty tercile',
      )
      .requiredOption('--name <name>', 'pilot name (unique)')
      .requiredOption('--region <code>', 'region the clusters are drawn from, e.g. 53.01')
      .requiredOption('--design <design>', PILOT_DESIGNS.join(' | '))
      .option(
        '--cluster-kind <kind>',
        `${CLUSTER_KINDS.join(' | ')}: the region's villages, or its cooperatives over the households the policy assigns to each`,
        'village',
      )
      .option('--treated-share <p>', 'share of clusters treated (randomized; default 0.5)')
      .requiredOption('--waves <dates>', 'wave start dates, comma-separated, each optionally START:END')
      .requiredOption('--policy <id>', 'stored policy whose decisions say who is eligible (newest version)')
      .option(
        '--member-treatments <codes>',
        'treatments that make a member',
        'ANGGOTA_MODAL_PENDAMPINGAN,ANGGOTA_SIMPANAN',
      )
      .option('--comparison-method <text>', 'non_randomized: how comparison clusters were matched')
      .option('--villages <codes>', 'only these village codes, comma-separated')
      .option('--max-clusters <n>', 'keep at most n villages (seeded draw by pilot name)')
      .option('--from-ranking <n>', 'take the n villages of the region ranked highest (entas villages rank)'),
  ).action(
    action(async (ctx, o: CreateOptions) => {
      if (!(PILOT_DESIGNS as readonly string[]).includes(o.design))
        throw userError(
          `--design must be one of ${PILOT_DESIGNS.join(', ')} (got "${o.design}")`,
          `--design harus salah satu dari ${PILOT_DESIGNS.join(', ')} (diberikan "${o.design}")`,
        );
      const clusterKind = CLUSTER_KINDS.find((k) => k === o.clusterKind);
      if (clusterKind === undefined)
        throw userError(
          `--cluster-kind must be one of ${CLUSTER_KINDS.join(', ')} (got "${o.clusterKind}")`,
          `--cluster-kind harus salah satu dari ${CLUSTER_KINDS.join(', ')} (diberikan "${o.clusterKind}")`,
        );
      const database = await ctx.database();
      const id = await database.transaction((tx) =>
        createPilot(
          tx,
          {
            name: o.name,
            regionCode: o.region,
            design: o.design as PilotDesign,
            clusterKind,
            treatedShare: o.treatedShare,
            waves: parseWaves(o.waves),
            policyId: o.policy,
            memberTreatments: o.memberTreatments
              .split(',')
              .map((t) => t.trim())
              .filter((t) => t !== ''),
            comparisonMethod: o.comparisonMethod,
            villages: o.villages
              ?.split(',')
              .map((v) => v.trim())
              .filter((v) => v !== ''),
            maxClusters:
              o.maxClusters === undefined ? undefined : integerOption('--max-clusters', o.maxClusters),
            fromRanking:
              o.fromRanking === undefined ? undefined : integerOption('--from-ranking', o.fromRanking),
          },
          localOperator(ctx),
        ),
      );
      const record = (await pilotRecord(database, id))!;
      return { json: presentPilot(record), text: pilotText(record) };
    }),
  );
  withJson(
    pilot
      .command('show')
      .description('a stored pilot: design, waves, current draw and balance')
      .requiredOption('--pilot <id>', 'pilot id'),
  ).action(
    action(async (ctx, o: { pilot: string }) => {
      const database = await ctx.database();
      const id = pilotId(o.pilot);
      const record = await pilotRecord(database, id);
      if (!record) throw userError(`pilot ${id} not found`, `uji coba ${id} tidak ditemukan`, 'not_found');
      return {
        json: { ...presentPilot(record), balance: record.randomization?.summary.balance ?? [] },
        text: pilotText(record),
      };
    }),
  );
  withJson(
    pilot
      .command('match')
      .description(
        'non_randomized pilot: match a comparison cluster to each treated cluster (nearest neighbour on standardised baseline covariates within strata, without replacement); a draft until published',
      )
      .requiredOption('--pilot <id>', 'pilot id')
      .requiredOption(
        '--treated <codes>',
        'the clusters (village codes) the program treats, comma-separated, each optionally CODE:WAVE (default wave 1)',
      )
      .option('--reason <text>', 'why a published matching is superseded'),
  ).action(
    action(async (ctx, o: { pilot: string; treated: string; reason?: string }) => {
      const treated = o.treated
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part, i) => {
          const [cluster = '', wave] = part.split(':');
          return {
            cluster,
            wave: wave === undefined ? undefined : integerOption(`--treated (item ${i + 1}) wave`, wave),
          };
        });
      const database = await ctx.database();
      const r = await database.transaction((tx) =>
        matchPilot(tx, pilotId(o.pilot), { treated, reason: o.reason }, localOperator(ctx)),
      );
      return { json: { ...presentRandomization(r), balance: r.summary.balance }, text: randomizationText(r) };
    }),
  );
  withJson(
    pilot
      .command('publish')
      .description('publish the draft draw: the assignment becomes binding and immutable')
      .requiredOption('--pilot <id>', 'pilot id'),
  ).action(
    action(async (ctx, o: { pilot: string }) => {
      const database = await ctx.database();
      const r = await database.transaction((tx) => publishPilot(tx, pilotId(o.pilot), localOperator(ctx)));
      return { json: presentRandomization(r), text: randomizationText(r) };
    }),
  );
  const waves = pilot.command('waves').description('pilot waves');
  withJson(
    waves
      .command('open')
      .description('open a wave: identify the member-treatment households of its treatment clusters')
      .requiredOption('--pilot <id>', 'pilot id')
      .requiredOption('--wave <n>', 'wave number'),
  ).action(
    action(async (ctx, o: { pilot: string; wave: string }) => {
      const database = await ctx.database();
      const result = await database.transaction((tx) =>
        openWave(tx, pilotId(o.pilot), integerOption('--wave', o.wave), localOperator(ctx)),
      );
      return {
        json: result,
        text: tr(
          `wave ${result.wave_no} open: ${result.clusters} treatment clusters, ${result.identified} households identified`,
          `gelombang ${result.wave_no} dibuka: ${result.clusters} klaster perlakuan, ${result.identified} rumah tangga teridentifikasi`,
        ),
      };
    }),
  );
}
