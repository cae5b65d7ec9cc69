import { cooperativeOfMember } from '../../../cooperatives/storage/operations-repository.js';
import type { Command } from 'commander';
import { memberExit } from '../../../cooperatives/operations-service.js';
import { presentExit } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { tr, userError } from '../../lang.js';
import { integerOption } from '../../option-values.js';
import { change } from './shared.js';

/** `entas coop exit`: a member leaves, savings refunded (idempotent by --key; audited). */
export function registerExitCommand(coop: Command): void {
  withJson(
    coop
      .command('exit')
      .description(
        'a member leaves: savings refunded in one entry, history kept (idempotent by --key; audited)',
      )
      .requiredOption('--member <id>', 'member id')
      .requiredOption('--date <YYYY-MM-DD>', 'exit date')
      .requiredOption('--key <idempotency-key>', 'a retry with the same key posts nothing new'),
  ).action(
    action(async (ctx, o: { member: string; date: string; key: string }) => {
      const database = await ctx.database();
      const memberId = integerOption('--member', o.member);
      const cooperativeId = await cooperativeOfMember(database.db, memberId);
      if (cooperativeId === undefined)
        throw userError(`member ${memberId} not found`, `anggota ${memberId} tidak ditemukan`);
      const r = await change(
        ctx,
        'coop_member.exit',
        async (tx) => {
          const x = await memberExit(tx, cooperativeId, memberId, {
            date: o.date,
            idempotencyKey: o.key,
            postedBy: ctx.actor,
          });
          return { books: x.books, result: x.result };
        },
        (x) => ({
          member_id: memberId,
          idempotency_key: o.key,
          entry_id: x.result.entryId,
          refund: String(x.result.refund.total),
          replayed: x.result.replayed,
        }),
      );
      const p = presentExit(r.result);
      return {
        json: p,
        text: tr(
          `member ${memberId} left on ${p.left_on}; refunded Rp${p.refund.total.toLocaleString('id-ID')}${p.replayed ? ' (already recorded)' : ''}`,
          `anggota ${memberId} keluar pada ${p.left_on}; dikembalikan Rp${p.refund.total.toLocaleString('id-ID')}${p.replayed ? ' (sudah tercatat)' : ''}`,
        ),
      };
    }),
  );
}
