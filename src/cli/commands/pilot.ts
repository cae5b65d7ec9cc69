import path from 'node:path';
import type { Command } from 'commander';
import { balanceTable, type BalanceRow } from '../../pilots/design/balance.js';
import { readClusterFile, writeAssignmentFile } from '../../pilots/design/cluster-file.js';
import { parseShare, randomize, RANDOMIZE_ALGORITHM } from '../../pilots/design/randomize.js';
import { say, UserError } from '../../shared/errors.js';
import { entasVersion } from '../../shared/package-version.js';
import { action, withJson } from '../command-runner.js';
import { integerOption } from '../option-values.js';
import { randomizeStoredPilot, registerStoredPilotCommands } from './pilot-stored.js';

interface RandomizeCliOptions {
  clusters?: string;
  id?: string;
  pilot?: string;
  reason?: string;
  strata?: string;
  treatedShare?: string;
  seed: string;
  out?: string;
  waves?: string;
  balance?: string;
}

export function registerPilotCommands(program: Command): void {
  const pilot = program
    .command('pilot')
    .description('pilot design: randomised assignment of clusters, stored pilots, waves');
  registerStoredPilotCommands(pilot);
  withJson(
    pilot
      .command('randomize')
      .description(
        'assign clusters of a CSV/XLSX file to treatment or control (stratified, reproducible from --seed); ' +
          "no database needed. With --pilot: draw a stored pilot's assignment (a draft until published)",
      )
      .option('--clusters <file>', 'CSV or XLSX file, one row per cluster (village or cooperative)')
      .option('--id <column>', 'column with the cluster id (unique, not empty)')
      .option('--pilot <id>', 'a stored pilot (instead of --clusters/--id/--out)')
      .option('--reason <text>', 'with --pilot: why a published assignment is superseded')
      .option('--strata <column>', 'column with the stratum (e.g. regency × poverty tercile)')
      .option(
        '--treated-share <p>',
        'share of clusters treated in each stratum, 0–1 (default 1 with --waves)',
      )
      .requiredOption('--seed <n>', 'random seed (whole number); the same seed and file give the same file')
      .option('--out <file>', 'assignment CSV: the input rows plus arm (and wave)')
      .option('--waves <k>', 'deal treated clusters to waves 1..k (stepped wedge: with --treated-share 1)')
      .option('--balance <columns>', 'numeric columns for the balance table, comma-separated'),
  ).action(
    action(async (ctx, options: RandomizeCliOptions) => {
      if (options.pilot !== undefined)
        return randomizeStoredPilot(ctx, options.pilot, options.seed, options.reason);
      if (options.clusters === undefined || options.id === undefined || options.out === undefined)
        throw new UserError(
          say(
            '--clusters, --id and --out are required (or --pilot for a stored pilot)',
            '--clusters, --id dan --out wajib diisi (atau --pilot untuk uji coba tersimpan)',
          ),
          'invalid_option',
        );
      const clustersFile = options.clusters;
      const idColumn = options.id;
      const outFile = options.out;
      const waves = options.waves === undefined ? null : integerOption('--waves', options.waves);
      if (options.treatedShare === undefined && waves === null)
        throw new UserError(
          say('--treated-share is required without --waves', '--treated-share wajib diisi tanpa --waves'),
          'invalid_option',
        );
      const share = parseShare(options.treatedShare ?? '1');
      const seed = integerOption('--seed', options.seed);
      if (seed < 0)
        throw new UserError(
          say(`--seed must be 0 or more (got ${seed})`, `--seed harus 0 atau lebih (diberikan ${seed})`),
          'invalid_option',
        );
      if (path.resolve(outFile) === path.resolve(clustersFile))
        throw new UserError(
          say('--out must not be the --clusters file', '--out tidak boleh sama dengan berkas --clusters'),
          'invalid_option',
        );
      const covariates = (options.balance ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const input = await readClusterFile(clustersFile, {
        id: idColumn,
        strata: options.strata ?? null,
        covariates,
      });
      const result = randomize(input.units, { share, seed: String(seed), waves });
      const outputSha256 = await writeAssignmentFile(outFile, input, result.assignments, waves !== null);
      const arms = result.assignments.map((a) => a.arm);
      const treated = arms.filter((a) => a === 'treatment').length;
      const balance = covariates.length > 0 ? balanceTable(arms, input.covariates) : null;
      const json = {
        algorithm: RANDOMIZE_ALGORITHM,
        code_version: `entas ${entasVersion()}`,
        seed,
        input: { file: clustersFile, sha256: input.sha256, rows: input.rows.length },
        output: { file: outFile, sha256: outputSha256 },
        id_column: idColumn,
        strata_column: options.strata ?? null,
        treated_share: share.text,
        waves,
        clusters: input.rows.length,
        treated,
        control: input.rows.length - treated,
        wave_sizes:
          waves === null
            ? null
            : sumWaves(
                result.strata.map((s) => s.waves),
                waves,
              ),
        strata: result.strata,
        balance,
      };
      const text = [
        `${json.clusters} clusters: ${treated} treatment, ${json.control} control` +
          (json.wave_sizes ? `; waves ${json.wave_sizes.join('/')}` : '') +
          ` (${result.strata.length} strata, seed ${seed}) → ${outFile}`,
        `input sha256 ${input.sha256}, ${json.code_version}, ${RANDOMIZE_ALGORITHM}`,
        ...(balance ? balanceText(balance) : []),
      ].join('\n');
      return { json, text };
    }),
  );
}

function sumWaves(perStratum: number[][], waves: number): number[] {
  const sizes = Array<number>(waves).fill(0);
  for (const stratum of perStratum) stratum.forEach((n, w) => (sizes[w]! += n));
  return sizes;
}

function balanceText(rows: BalanceRow[]): string[] {
  const fixed = (x: number | null, digits: number) => (x === null ? '-' : x.toFixed(digits));
  return [
    'covariate: mean treatment | mean control | SMD',
    ...rows.map(
      (r) =>
        `${r.covariate}: ${fixed(r.mean_treatment, 4)} | ${fixed(r.mean_control, 4)} | ${fixed(r.smd, 3)}` +
        (r.warning ? '  ⚠ |SMD| > 0.1' : ''),
    ),
  ];
}
