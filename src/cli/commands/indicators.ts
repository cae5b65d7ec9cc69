import type { Command } from 'commander';
import { loadIndicatorSets } from '../../indicators/definition-files.js';
import { presentIndicator, presentReading } from '../../indicators/indicator-presenter.js';
import { readIndicator } from '../../indicators/indicator-read.js';
import { indicatorStatus, refreshIndicators } from '../../indicators/indicator-service.js';
import { parseRegionCode } from '../../regions/region-code.js';
import { action, withJson } from '../command-runner.js';
import { lang, t, tr, userError } from '../lang.js';
import { createProgress } from '../progress.js';

const number = (x: number | null, digits = 2) =>
  x === null ? '–' : x.toLocaleString(lang() === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: digits });

function staleText(s: { full: boolean; regencies: string[] }): string {
  if (s.full) return tr('stale: needs a full refresh', 'usang: perlu pembaruan penuh');
  const list = s.regencies.slice(0, 5).join(', ') + (s.regencies.length > 5 ? ', …' : '');
  return tr(
    `stale in ${s.regencies.length} regencies (${list}): refresh --changed`,
    `usang di ${s.regencies.length} kabupaten/kota (${list}): refresh --changed`,
  );
}

export function registerIndicatorCommands(program: Command): void {
  const indicators = program
    .command('indicators')
    .description(
      'monitoring indicators by region and period (definitions in indicators/*.yaml; docs/INDICATORS.md)',
    );

  withJson(
    indicators.command('list').description('indicator definitions, their stored version and freshness'),
  ).action(
    action(async (ctx) => {
      const status = await indicatorStatus(await ctx.database(), loadIndicatorSets());
      const text = status
        .map(
          (s) =>
            `${s.def.id.padEnd(24)} ${t(s.def.name)} [${s.def.unit}; ${s.def.periods.join('/')}]` +
            (s.version === null
              ? ` — ${tr('never refreshed', 'belum pernah diperbarui')}`
              : ` v${s.version}${s.stale ? ` — ${staleText(s.staleness)}` : ''}`),
        )
        .join('\n');
      return { json: { indicators: status.map(presentIndicator) }, text };
    }),
  );

  withJson(
    indicators
      .command('show')
      .argument('<id>', 'indicator id (see indicators list)')
      .option('--region <code>', 'region node (PP, PP.RR, PP.RR.DD, PP.RR.DD.VVVV); default: the nation')
      .option('--period <period>', 'YYYY-MM, YYYYQn or YYYY; default: every period')
      .option(
        '--by <disaggregation>',
        'break down by sex_of_head, decile, program, sex, pilot_arm or pilot_wave (as the indicator allows)',
      )
      .option('--children', "the region's children instead of the region (drill-down)")
      .description('stored values of one indicator: numerator, denominator and value'),
  ).action(
    action(
      async (
        ctx,
        id: string,
        options: { region?: string; period?: string; by?: string; children?: boolean },
      ) => {
        let region = '';
        if (options.region !== undefined) {
          const parsed = parseRegionCode(options.region);
          if (!parsed)
            throw userError(
              `invalid --region "${options.region}": use PP, PP.RR, PP.RR.DD or PP.RR.DD.VVVV`,
              `--region "${options.region}" tidak sah: gunakan PP, PP.RR, PP.RR.DD atau PP.RR.DD.VVVV`,
            );
          region = parsed.code;
        }
        const reading = await readIndicator((await ctx.database()).db, loadIndicatorSets(), {
          id,
          region,
          period: options.period,
          disaggregation: options.by,
          children: options.children === true,
        });
        const header = `${t(reading.def.name)} (${reading.def.unit})`;
        const lines =
          reading.version === null
            ? [
                tr(
                  'no values yet: run `entas indicators refresh`',
                  'belum ada nilai: jalankan `entas indicators refresh`',
                ),
              ]
            : reading.values.map(
                (v) =>
                  `${v.period.padEnd(8)} ${(v.region_code || 'ID').padEnd(14)} ${v.region_name.slice(0, 28).padEnd(28)}` +
                  `${v.category ? ` ${v.category.padEnd(8)}` : ''} ${number(v.value).padStart(12)}  ` +
                  `(${number(v.numerator, 0)}${v.denominator === null ? '' : ` / ${number(v.denominator, 0)}`})`,
              );
        if (reading.version !== null && reading.values.length === 0)
          lines.push(
            tr('no values for this region and period', 'tidak ada nilai untuk wilayah dan periode ini'),
          );
        return { json: presentReading(reading), text: [header, ...lines].join('\n') };
      },
    ),
  );

  withJson(
    indicators
      .command('refresh')
      .argument('[ids...]', 'indicator ids (default: all)')
      .option('--region <code>', 'only this province (PP) or regency (PP.RR), e.g. after importing its data')
      .option(
        '--changed',
        'only what is stale: the regencies that received rows since their last refresh (all when a revert, linkage run or new list month needs it)',
      )
      .description(
        'recompute stored indicator values from the data (set-based; parents summed from children)',
      ),
  ).action(
    action(async (ctx, ids: string[], options: { region?: string; changed?: boolean }) => {
      const progress = createProgress({
        label: 'indicators',
        title: { en: 'Refreshing indicators', id: 'Memperbarui indikator' },
        unit: { en: 'indicators', id: 'indikator' },
      });
      const started = performance.now();
      const results = await refreshIndicators(await ctx.database(), {
        sets: loadIndicatorSets(),
        ids,
        region: options.region,
        changed: options.changed === true,
        actor: ctx.actor,
        onIndicator: (done, total) => progress.update(done, total),
      });
      progress.finish(results.length);
      const seconds = (performance.now() - started) / 1000;
      const text = [
        ...results.map(
          (r) =>
            `${r.indicator_id.padEnd(24)} v${r.version} ${number(r.rows, 0)} ${tr('rows', 'baris')} ${number(r.duration_ms / 1000)} s` +
            (r.regions === undefined
              ? ''
              : r.regions.length === 0
                ? ` — ${tr('up to date', 'sudah mutakhir')}`
                : r.regions[0] === ''
                  ? ` — ${tr('full', 'penuh')}`
                  : ` — ${r.regions.join(', ')}`),
        ),
        tr(
          `${results.length} indicators refreshed${options.region ? ` in ${results[0]?.region ?? options.region}` : ''} in ${number(seconds)} s`,
          `${results.length} indikator diperbarui${options.region ? ` di ${results[0]?.region ?? options.region}` : ''} dalam ${number(seconds)} dtk`,
        ),
      ].join('\n');
      return { json: { refreshed: results, seconds: Math.round(seconds * 1000) / 1000 }, text };
    }),
  );
}
