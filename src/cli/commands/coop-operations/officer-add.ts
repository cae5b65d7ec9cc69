import type { Command } from 'commander';
import { OFFICER_POSITIONS } from '../../../cooperatives/operations/register-checks.js';
import { appointOfficer } from '../../../cooperatives/operations-service.js';
import { action, withJson } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { integerOption } from '../../option-values.js';
import { change } from './shared.js';

/** `entas coop officer-add`: appoint a pengurus or pengawas (audited). */
export function registerOfficerAddCommand(coop: Command): void {
  withJson(
    coop
      .command('officer-add')
      .description('appoint a pengurus or pengawas (audited)')
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--position <position>', OFFICER_POSITIONS.join(' | '))
      .requiredOption('--name <name>', 'name')
      .requiredOption('--start <YYYY-MM-DD>', 'first day in office')
      .option('--nik <nik>', '16 digits')
      .option('--kk <kk>', 'No. KK, 16 digits (the registrar warns when officers share one)')
      .option('--ex-officio', 'holds the post ex officio (the kepala desa as ketua_pengawas)', false),
  ).action(
    action(
      async (
        ctx,
        o: {
          coop: string;
          position: string;
          name: string;
          start: string;
          nik?: string;
          kk?: string;
          exOfficio: boolean;
        },
      ) => {
        const coopId = integerOption('--coop', o.coop);
        const r = await change(
          ctx,
          'cooperative_officer.appoint',
          (tx) =>
            appointOfficer(tx, coopId, {
              position: o.position,
              name: o.name,
              nik: o.nik ?? null,
              kk: o.kk ?? null,
              exOfficio: o.exOfficio,
              startDate: o.start,
            }),
          (x) => ({ officer_id: x.officerId, position: o.position }),
        );
        return {
          json: { officer_id: r.officerId },
          text: tr(`officer ${r.officerId} appointed`, `pengurus ${r.officerId} diangkat`),
        };
      },
    ),
  );
}
