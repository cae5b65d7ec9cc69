import type { Command } from 'commander';
import { parseDecileList } from '../../programs/decile-list.js';
import { presentProgram } from '../../programs/program-presenter.js';
import { ProgramRepository, type Program } from '../../programs/program-repository.js';
import { action, withJson } from '../command-runner.js';
import { tr, userError } from '../lang.js';

const line = (p: Program) =>
  `${p.code.padEnd(7)} desil ${p.eligibleDeciles.join(',').padEnd(12)} Rp${(p.monthlyBenefit ?? 0).toLocaleString('id')}/bulan  ${p.active ? '' : tr('(inactive) ', '(tidak aktif) ')}${p.name}`;

export function registerProgramCommands(program: Command): void {
  const programs = program
    .command('programs')
    .description('social programs and their eligible deciles (configuration)');

  withJson(programs.command('list').description('list programs')).action(
    action(async (ctx) => {
      const list = await new ProgramRepository((await ctx.database()).db).list();
      return { json: list.map(presentProgram), text: list.map(line).join('\n') };
    }),
  );

  withJson(
    programs
      .command('set')
      .argument('<code>', 'program code, e.g. PKH')
      .option('--deciles <list>', 'eligible deciles, e.g. 1-4 or 1,2,3')
      .option('--benefit <rupiah>', 'typical monthly benefit per unit, integer rupiah')
      .option('--active <yes|no>', 'whether the program is running')
      .description('change a program’s eligibility or benefit'),
  ).action(
    action(async (ctx, code: string, options: { deciles?: string; benefit?: string; active?: string }) => {
      const benefit = options.benefit === undefined ? undefined : Number(options.benefit);
      if (benefit !== undefined && (!Number.isInteger(benefit) || benefit < 0)) {
        throw userError(
          `invalid --benefit "${options.benefit}": give whole rupiah, e.g. 250000`,
          `--benefit "${options.benefit}" tidak sah: berikan rupiah bulat, misalnya 250000`,
        );
      }
      if (options.active !== undefined && !['yes', 'no'].includes(options.active)) {
        throw userError(
          `invalid --active "${options.active}": use yes or no`,
          `--active "${options.active}" tidak sah: gunakan yes atau no`,
        );
      }
      const updated = await new ProgramRepository((await ctx.database()).db).update(code.toUpperCase(), {
        eligibleDeciles: options.deciles ? parseDecileList(options.deciles) : undefined,
        monthlyBenefit: benefit,
        active: options.active === undefined ? undefined : options.active === 'yes',
      });
      return { json: presentProgram(updated), text: line(updated) };
    }),
  );
}
