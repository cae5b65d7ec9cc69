import type { Command } from 'commander';
import { RegionRepository } from '../../regions/region-repository.js';
import { action, withJson } from '../command-runner.js';
import { tr } from '../lang.js';

export function registerRegionCommands(program: Command): void {
  const regions = program
    .command('regions')
    .description('Kemendagri reference regions (provinces to villages)');

  withJson(regions.command('stats').description('count regions per level')).action(
    action(async (ctx) => {
      const stats = await new RegionRepository((await ctx.database()).db).stats();
      return {
        json: stats,
        text: tr(
          `provinces ${stats.provinces}\nregencies ${stats.regencies}\ndistricts ${stats.districts}\nvillages  ${stats.villages}`,
          `provinsi   ${stats.provinces}\nkab/kota   ${stats.regencies}\nkecamatan  ${stats.districts}\ndesa/kel.  ${stats.villages}`,
        ),
      };
    }),
  );

  withJson(
    regions
      .command('show')
      .argument('<code>', 'region code, with or without dots (e.g. 53.01.05 or 530105)')
      .option('--children', 'also list the direct children')
      .description('show a region with its ancestors and size'),
  ).action(
    action(async (ctx, code: string, options: { children?: boolean }) => {
      const repo = new RegionRepository((await ctx.database()).db);
      const detail = await repo.show(code);
      const children = options.children ? await repo.children(detail.code) : undefined;
      const json = {
        code: detail.code,
        name: detail.name,
        level: detail.level,
        kind: detail.kind,
        parent_code: detail.parentCode,
        ancestors: detail.ancestors.map((a) => ({ code: a.code, name: a.name, level: a.level })),
        children: detail.childCount,
        villages: detail.villageCount,
        ...(children
          ? { child_regions: children.map((c) => ({ code: c.code, name: c.name, kind: c.kind })) }
          : {}),
      };
      const path = [...detail.ancestors, detail].map((r) => `${r.name} (${r.code})`).join(' › ');
      const lines = [
        path,
        tr(
          `level ${detail.level}${detail.kind ? ' ' + detail.kind : ''}, ${detail.childCount} children, ${detail.villageCount} villages`,
          `tingkat ${detail.level}${detail.kind ? ' ' + detail.kind : ''}, ${detail.childCount} wilayah di bawahnya, ${detail.villageCount} desa/kelurahan`,
        ),
      ];
      if (children) lines.push(...children.map((c) => `  ${c.code}  ${c.name}`));
      return { json, text: lines.join('\n') };
    }),
  );
}
