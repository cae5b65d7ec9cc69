import type { Command } from 'commander';
import { verifyAuditChain } from '../../audit/audit-log.js';
import { action, withJson } from '../command-runner.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  withJson(
    audit.command('verify').description('recompute the hash chain; exit 1 and name the first broken entry'),
  ).action(
    action(async (ctx) => {
      const result = await verifyAuditChain((await ctx.database()).db);
      return {
        json: result,
        text: result.ok
          ? `audit log intact: ${result.entries} entries`
          : `audit log BROKEN at entry ${result.first_broken?.id}: ${result.first_broken?.reason}`,
        exitCode: result.ok ? 0 : 1,
      };
    }),
  );
}
