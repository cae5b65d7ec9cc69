import type { Command } from 'commander';
import { checkpointAuditLog, verifyAuditChain } from '../../audit/audit-log.js';
import { action, withJson } from '../command-runner.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  withJson(
    audit
      .command('verify')
      .description(
        'recompute the hash chain and check the signed checkpoints; exit 1 and name the first broken entry',
      ),
  ).action(
    action(async (ctx) => {
      const result = await verifyAuditChain((await ctx.database()).db);
      return {
        json: result,
        text: result.ok
          ? `audit log intact: ${result.entries} entries, ${result.checkpoints} signed checkpoints ` +
            `(${result.unsigned_entries} entries after the newest)`
          : `audit log BROKEN at entry ${result.first_broken?.id}: ${result.first_broken?.reason}`,
        exitCode: result.ok ? 0 : 1,
      };
    }),
  );
  withJson(
    audit
      .command('checkpoint')
      .description('sign a checkpoint of the log as it is now (entries are also checkpointed automatically)'),
  ).action(
    action(async (ctx) => {
      const checkpoint = await (await ctx.database()).transaction((tx) => checkpointAuditLog(tx));
      return {
        json: checkpoint ?? null,
        text: checkpoint
          ? `checkpoint signed: ${checkpoint.entry_count} entries, head ${checkpoint.head_hash}`
          : 'the audit log is empty: nothing to sign',
      };
    }),
  );
}
