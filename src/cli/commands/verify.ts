import type { Command } from 'commander';
import { auditChange } from '../../audit/access-audit.js';
import { requireRegionCodeShape } from '../../regions/region-repository.js';
import { DTSEN_UPDATE_HEADERS, dtsenUpdateRow } from '../../pilots/verification/dtsen-update.js';
import {
  VERIFICATION_KINDS,
  VERIFICATION_STATUSES,
  type VerificationStatus,
} from '../../pilots/verification/proposal-rules.js';
import {
  acceptedProposals,
  listProposals,
  proposeCorrection,
  reviewProposal,
} from '../../pilots/verification/verification-service.js';
import { exportTable } from '../../reports/targeting-export.js';
import { presentVerificationProposal } from '../../server/presenters/verification.js';
import { action, withJson } from '../command-runner.js';
import { tr, userError } from '../lang.js';
import { localOperator } from '../local-operator.js';
import { integerOption } from '../option-values.js';

const id = (flag: string, raw: string) => {
  const n = integerOption(flag, raw);
  if (n < 1)
    throw userError(`${flag} must be an id (got ${raw})`, `${flag} harus berupa id (diberikan ${raw})`);
  return n;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--set key=value` pairs as the proposed values. */
function proposedValues(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1)
      throw userError(
        `--set "${pair}": expected key=value`,
        `--set "${pair}": gunakan kunci=nilai`,
        'invalid_option',
      );
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

const KIND_NAMES: Record<string, [string, string]> = {
  moved: ['moved', 'pindah'],
  deceased: ['deceased', 'meninggal'],
  new_member: ['new member', 'anggota baru'],
  disability: ['disability', 'disabilitas'],
  decile_wrong: ['decile wrong', 'desil tidak sesuai'],
};
const STATUS_NAMES: Record<string, [string, string]> = {
  proposed: ['proposed', 'diusulkan'],
  accepted: ['accepted', 'diterima'],
  rejected: ['rejected', 'ditolak'],
};
const named = (names: Record<string, [string, string]>, key: string) => tr(...(names[key] ?? [key, key]));

/** `entas verify propose|list|review|export`: field verification ("penguatan basis data") for scripted use. */
export function registerVerifyCommands(program: Command): void {
  const verify = program
    .command('verify')
    .description('field verification: propose corrections, review them, export for the DTSEN update channel');
  withJson(
    verify
      .command('propose')
      .description('propose a correction of a household or person, with evidence')
      .requiredOption('--household <id>', 'household id')
      .option('--person <id>', 'person id (moved, deceased, disability)')
      .requiredOption('--kind <kind>', VERIFICATION_KINDS.join(' | '))
      .option(
        '--set <key=value>',
        'a corrected value, repeatable: deceased_on, moved_on, destination, new_address, new_village_code, name, sex, birth_date, relation, nik, disability, claimed_decile',
        collect,
        [],
      )
      .requiredOption('--evidence <text>', 'what shows it (who said so, what was seen)')
      .option('--document <ref>', 'a document or photo reference, repeatable', collect, []),
  ).action(
    action(
      async (
        ctx,
        o: {
          household: string;
          person?: string;
          kind: string;
          set: string[];
          evidence: string;
          document: string[];
        },
      ) => {
        const database = await ctx.database();
        const p = await database.transaction((tx) =>
          proposeCorrection(
            tx,
            {
              householdId: id('--household', o.household),
              personId: o.person === undefined ? null : id('--person', o.person),
              kind: o.kind,
              proposed: proposedValues(o.set),
              evidence: o.evidence,
              documents: o.document,
            },
            localOperator(ctx),
          ),
        );
        return {
          json: presentVerificationProposal(p),
          text: tr(
            `proposal ${p.id} (${named(KIND_NAMES, p.kind)}) for household ${p.household_id}: awaiting review`,
            `usulan ${p.id} (${named(KIND_NAMES, p.kind)}) untuk rumah tangga ${p.household_id}: menunggu peninjauan`,
          ),
        };
      },
    ),
  );
  withJson(
    verify
      .command('list')
      .description('proposals of a region, newest first')
      .option('--region <code>', 'village, district, regency or province code')
      .option('--status <status>', VERIFICATION_STATUSES.join(' | ')),
  ).action(
    action(async (ctx, o: { region?: string; status?: string }) => {
      if (o.status !== undefined && !(VERIFICATION_STATUSES as readonly string[]).includes(o.status))
        throw userError(
          `--status "${o.status}": use ${VERIFICATION_STATUSES.join(', ')}`,
          `--status "${o.status}": gunakan ${VERIFICATION_STATUSES.join(', ')}`,
          'invalid_option',
        );
      const database = await ctx.database();
      const rows = await listProposals(database, {
        regions: o.region === undefined ? null : [requireRegionCodeShape(o.region)],
        status: o.status as VerificationStatus | undefined,
      });
      return {
        json: { items: rows.map(presentVerificationProposal) },
        text: [
          ...rows.map(
            (p) =>
              `${p.id}\t${p.village_code}\t${p.household_id}\t${p.person_id ?? ''}\t${named(KIND_NAMES, p.kind)}\t${named(STATUS_NAMES, p.status)}\t${p.proposed_by}`,
          ),
          tr(`${rows.length} proposals`, `${rows.length} usulan`),
        ].join('\n'),
      };
    }),
  );
  withJson(
    verify
      .command('review')
      .description('accept (the change goes in as a field_verification source batch) or reject a proposal')
      .requiredOption('--proposal <id>', 'proposal id')
      .requiredOption('--decision <decision>', 'accept | reject')
      .requiredOption('--reason <text>', 'why (kept with the proposal)')
      .option('--deliberation-ref <ref>', 'berita acara of the village deliberation (musdes/muskel)'),
  ).action(
    action(
      async (ctx, o: { proposal: string; decision: string; reason: string; deliberationRef?: string }) => {
        const database = await ctx.database();
        const p = await database.transaction((tx) =>
          reviewProposal(
            tx,
            {
              proposalId: id('--proposal', o.proposal),
              decision: o.decision,
              reason: o.reason,
              deliberationRef: o.deliberationRef,
            },
            localOperator(ctx),
          ),
        );
        return {
          json: presentVerificationProposal(p),
          text:
            tr(
              `proposal ${p.id}: ${named(STATUS_NAMES, p.status)}`,
              `usulan ${p.id}: ${named(STATUS_NAMES, p.status)}`,
            ) +
            (p.batch_id === null ? '' : tr(` (source batch ${p.batch_id})`, ` (batch sumber ${p.batch_id})`)),
        };
      },
    ),
  );
  withJson(
    verify
      .command('export')
      .description(
        'accepted proposals in the DTSEN update channel’s shape (village deliberation → regency → BPS) as .csv or .xlsx',
      )
      .requiredOption('--out <file>', 'a .csv or .xlsx file')
      .option('--region <code>', 'only this region')
      .option('--from <date>', 'reviewed on or after (YYYY-MM-DD)')
      .option('--to <date>', 'reviewed on or before (YYYY-MM-DD)')
      .option(
        '--purpose <text>',
        'states why full NIK and No. KK are needed (audited); otherwise they are masked',
      ),
  ).action(
    action(async (ctx, o: { out: string; region?: string; from?: string; to?: string; purpose?: string }) => {
      for (const [flag, value] of [
        ['--from', o.from],
        ['--to', o.to],
      ] as const)
        if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value))
          throw userError(
            `${flag} "${value}": use YYYY-MM-DD`,
            `${flag} "${value}": gunakan YYYY-MM-DD`,
            'invalid_option',
          );
      const database = await ctx.database();
      const reveal = o.purpose !== undefined && o.purpose.trim().length >= 3;
      const rows = await acceptedProposals(database, {
        regions: o.region === undefined ? null : [requireRegionCodeShape(o.region)],
        from: o.from,
        to: o.to,
      });
      await exportTable(
        o.out,
        DTSEN_UPDATE_HEADERS,
        rows.map((r) => dtsenUpdateRow(r, reveal)),
        'usulan',
      );
      await database.transaction((tx) =>
        auditChange(tx, localOperator(ctx, { purpose: o.purpose, identifiersRevealed: reveal }), {
          action: 'verification.export',
          regionCode: o.region ?? null,
          details: { returned: rows.length, file: o.out },
        }),
      );
      return {
        json: { rows: rows.length, file: o.out, identifiers_revealed: reveal },
        text: tr(
          `${rows.length} accepted proposals → ${o.out}${reveal ? '' : ' (NIK/KK masked)'}`,
          `${rows.length} usulan diterima → ${o.out}${reveal ? '' : ' (NIK/KK disamarkan)'}`,
        ),
      };
    }),
  );
}
