import type { Command } from 'commander';
import { exportTable } from '../../reports/targeting-export.js';
import { parseRegionCode } from '../../regions/region-code.js';
import { say } from '../../shared/errors.js';
import { t, tr, userError } from '../lang.js';
import { PROFILE_COLUMNS, readProfile } from '../../villages/village-profile.js';
import { presentRankedVillage } from '../../villages/village-score.js';
import { VillageRepository } from '../../villages/village-repository.js';
import { importProfiles, rankVillages, saveProfile } from '../../villages/village-service.js';
import { action, withJson } from '../command-runner.js';

/** Profile columns holding one value (the list columns and the key are merged separately). */
type ScalarProfileColumn = Exclude<
  (typeof PROFILE_COLUMNS)[number],
  'village_code' | 'main_livelihoods' | 'commodities'
>;
const SCALAR_PROFILE_COLUMNS = PROFILE_COLUMNS.filter(
  (c): c is ScalarProfileColumn => c !== 'village_code' && c !== 'main_livelihoods' && c !== 'commodities',
);

const RANK_HEADERS = [
  'rank',
  'village_code',
  'name',
  'score',
  'poverty',
  'reach_gap',
  'cooperative_gap',
  'readiness',
  'households',
  'decile1',
  'extreme_poor',
  'recipients',
  'recipients_not_members',
  'cooperative',
];

/** A village's best cooperative status in words (an inactive cooperative is said to be inactive, not none). */
const COOPERATIVE_STATUS = {
  none: say('none', 'belum ada'),
  inactive: say('inactive', 'tidak aktif'),
  forming: say('forming', 'sedang dibentuk'),
  registered: say('registered', 'terdaftar'),
  operating: say('operating', 'beroperasi'),
} as const;

export function registerVillageCommands(program: Command): void {
  const villages = program
    .command('villages')
    .description('village profiles (profil desa) and prioritisation for new cooperatives');

  withJson(
    villages
      .command('import')
      .argument('<file>', `CSV with columns ${PROFILE_COLUMNS.join(', ')} (lists separated by ;)`)
      .description('import or refine village profiles; earlier versions are kept in history'),
  ).action(
    action(async (ctx, file: string) => {
      const result = await importProfiles(await ctx.database(), file, ctx.actor);
      return {
        json: result,
        text: tr(
          `${file}: ${result.rows} profiles (${result.created} new, ${result.updated} updated)`,
          `${file}: ${result.rows} profil (${result.created} baru, ${result.updated} diperbarui)`,
        ),
      };
    }),
  );

  const profile = villages
    .command('profile')
    .argument('<code>', 'village code (PP.RR.DD.VVVV)')
    .description('show a village profile, or change it with the options');
  for (const column of PROFILE_COLUMNS.filter((c) => c !== 'village_code')) {
    profile.option(`--${column.replace(/_/g, '-')} <value>`, column.replace(/_/g, ' '));
  }
  withJson(profile).action(
    action(async (ctx, code: string, options: Record<string, string | undefined>) => {
      const parsed = parseRegionCode(code);
      if (!parsed || parsed.level !== 4)
        throw userError(
          `invalid village code "${code}": use PP.RR.DD.VVVV`,
          `kode desa "${code}" tidak sah: gunakan PP.RR.DD.VVVV`,
        );
      const database = await ctx.database();
      const repo = new VillageRepository(database.db);
      const changes = Object.fromEntries(
        PROFILE_COLUMNS.filter((c) => c !== 'village_code').map((c) => [
          c,
          options[c.replace(/_(.)/g, (_m, ch: string) => ch.toUpperCase())],
        ]),
      );
      if (Object.values(changes).some((v) => v !== undefined)) {
        const current = await repo.getProfile(parsed.code);
        const merged: Record<string, string | undefined> = { village_code: parsed.code };
        if (current) {
          merged.main_livelihoods = current.main_livelihoods.join(';');
          merged.commodities = current.commodities.join(';');
          for (const k of SCALAR_PROFILE_COLUMNS) {
            const v = current[k];
            merged[k] = v === null ? undefined : String(v);
          }
        }
        for (const [k, v] of Object.entries(changes)) if (v !== undefined) merged[k] = v;
        const read = readProfile(merged);
        const problem = read.problems[0];
        if (!read.profile || problem) {
          const flag = `--${(problem?.field ?? 'value').replace(/_/g, '-')}`;
          throw userError(
            `invalid ${flag}: ${problem?.message ?? 'bad value'}`,
            `${flag} tidak sah: ${problem?.message ?? 'nilai salah'}`,
          );
        }
        await saveProfile(database, read.profile, ctx.actor);
      }
      const row = await repo.getProfile(parsed.code);
      if (!row)
        return {
          json: { village_code: parsed.code, profile: null },
          text: tr(`${parsed.code}: no profile yet`, `${parsed.code}: belum ada profil`),
        };
      const json = { ...row, history: await repo.historyCount(parsed.code) };
      return { json, text: JSON.stringify(json, null, 2) };
    }),
  );

  withJson(
    villages
      .command('rank')
      .option('--province <code>', 'only villages in this province')
      .option('--top <n>', 'only the first N villages')
      .option('--export <file>', 'also write the ranking to a .csv or .xlsx file')
      .description('rank villages for founding community cooperatives (score 0–100, see docs/POLICY.md)'),
  ).action(
    action(async (ctx, options: { province?: string; top?: string; export?: string }) => {
      const province = options.province === undefined ? undefined : parseRegionCode(options.province);
      if (province === null || (province && province.level !== 1))
        throw userError(
          `invalid --province "${options.province}": use a two-digit province code`,
          `--province "${options.province}" tidak sah: gunakan kode provinsi dua digit`,
        );
      const top = options.top === undefined ? undefined : Number(options.top);
      if (top !== undefined && (!Number.isInteger(top) || top < 1))
        throw userError(
          `invalid --top "${options.top}": give a whole number ≥ 1`,
          `--top "${options.top}" tidak sah: berikan bilangan bulat ≥ 1`,
        );
      const ranked = await rankVillages(await ctx.database(), { province: province?.code, top });
      const rows = ranked.map((v, i) => [
        i + 1,
        v.villageCode,
        v.name,
        v.score,
        v.parts.poverty,
        v.parts.reach_gap,
        v.parts.cooperative_gap,
        v.parts.readiness,
        v.households,
        v.decile1,
        v.extremePoor,
        v.recipients,
        v.recipientsNotMembers,
        v.cooperative,
      ]);
      if (options.export) await exportTable(options.export, RANK_HEADERS, rows, 'ranking');
      const json = ranked.map(presentRankedVillage);
      const text = ranked
        .map(
          (v, i) =>
            `${String(i + 1).padStart(4)}. ${v.score.toFixed(2).padStart(6)}  ${v.villageCode}  ${v.name}  (${t(say('decile 1', 'desil 1'))}: ${v.decile1}/${v.households}, ${t(say('cooperative', 'koperasi'))}: ${t(COOPERATIVE_STATUS[v.cooperative])})`,
        )
        .join('\n');
      return {
        json: { villages: json, exported: options.export ?? null },
        text: text || tr('no villages with households', 'tidak ada desa yang memiliki rumah tangga'),
      };
    }),
  );
}
