import fs from 'node:fs';
import { RegionRepository } from '../../regions/region-repository.js';
import path from 'node:path';
import type { Command } from 'commander';
import { requireRegionCodeShape } from '../../regions/region-repository.js';
import { addEnrolment, moveEnrolment } from '../../pilots/enrolment/enrolment-service.js';
import { FUNNEL_STATES } from '../../pilots/enrolment/funnel.js';
import { auditChange } from '../../audit/access-audit.js';
import { WORK_LIST_HEADERS, workList, workListCells } from '../../pilots/enrolment/work-list.js';
import { renderWorkListPdf } from '../../pilots/enrolment/work-list-pdf.js';
import { exportTable } from '../../reports/targeting-export.js';
import { presentEnrolment } from '../../server/presenters/pilots.js';
import { action, withJson } from '../command-runner.js';
import { lang, tr, userError } from '../lang.js';
import { localOperator } from '../local-operator.js';
import { integerOption } from '../option-values.js';

const id = (flag: string, raw: string) => {
  const n = integerOption(flag, raw);
  if (n < 1)
    throw userError(`${flag} must be an id (got ${raw})`, `${flag} harus berupa id (diberikan ${raw})`);
  return n;
};

interface MetaOptions {
  facilitator?: string;
  place?: string;
  note?: string;
}

const withMeta = (c: Command) =>
  c
    .option('--facilitator <name>', 'facilitator (pendamping) who did it')
    .option('--place <text>', 'where it happened')
    .option('--note <text>', 'free note');

/** `entas enrol add|move|work-list`: the enrolment funnel for scripted use (the API is for people). */
export function registerEnrolCommands(program: Command): void {
  const enrol = program.command('enrol').description('pilot enrolment funnel: add, move, work lists');
  withJson(
    withMeta(
      enrol
        .command('add')
        .description('enrol a person of an open treatment cluster (control clusters are refused)')
        .requiredOption('--pilot <id>', 'pilot id')
        .requiredOption('--person <id>', 'person id'),
    ),
  ).action(
    action(async (ctx, o: MetaOptions & { pilot: string; person: string }) => {
      const database = await ctx.database();
      const e = await database.transaction((tx) =>
        addEnrolment(
          tx,
          { pilotId: id('--pilot', o.pilot), personId: id('--person', o.person), ...o },
          localOperator(ctx),
        ),
      );
      return {
        json: presentEnrolment(e),
        text: tr(
          `enrolment ${e.id}: ${e.state} (version ${e.version})`,
          `pendaftaran ${e.id}: ${e.state} (versi ${e.version})`,
        ),
      };
    }),
  );
  withJson(
    withMeta(
      enrol
        .command('move')
        .description(
          'move an enrolment to its next state (consent enforced; registered creates the membership)',
        )
        .requiredOption('--enrolment <id>', 'enrolment id')
        .requiredOption('--to <state>', FUNNEL_STATES.join(' | '))
        .requiredOption('--expected-version <n>', 'the version last seen (a changed enrolment is refused)')
        .option('--member-no <no>', 'registered: member number (default P<pilot>-<enrolment>)')
        .option('--joined-on <date>', 'registered: join date (default today)'),
    ),
  ).action(
    action(
      async (
        ctx,
        o: MetaOptions & {
          enrolment: string;
          to: string;
          expectedVersion: string;
          memberNo?: string;
          joinedOn?: string;
        },
      ) => {
        const database = await ctx.database();
        const e = await database.transaction((tx) =>
          moveEnrolment(
            tx,
            {
              enrolmentId: id('--enrolment', o.enrolment),
              to: o.to,
              expectedVersion: integerOption('--expected-version', o.expectedVersion),
              memberNo: o.memberNo,
              joinedOn: o.joinedOn,
              facilitator: o.facilitator,
              place: o.place,
              note: o.note,
            },
            localOperator(ctx),
          ),
        );
        return {
          json: presentEnrolment(e),
          text:
            tr(
              `enrolment ${e.id}: ${e.state} (version ${e.version})`,
              `pendaftaran ${e.id}: ${e.state} (versi ${e.version})`,
            ) + (e.member_no ? tr(`, member ${e.member_no}`, `, anggota ${e.member_no}`) : ''),
        };
      },
    ),
  );
  withJson(
    enrol
      .command('work-list')
      .description(
        'open enrolments of a region or village with the next step (NIK and address masked unless --purpose); --out writes CSV, XLSX or a printable PDF (one section per village, a signature line per household)',
      )
      .requiredOption('--region <code>', 'village, district or regency code')
      .option('--pilot <id>', 'only this pilot')
      .option('--facilitator <name>', 'PDF: the facilitator named on the list')
      .option('--out <file>', 'write the list to a .csv, .xlsx or .pdf file')
      .option('--purpose <text>', 'states why full NIK and address are needed (audited); otherwise masked'),
  ).action(
    action(
      async (
        ctx,
        o: { region: string; pilot?: string; out?: string; facilitator?: string; purpose?: string },
      ) => {
        const database = await ctx.database();
        const reveal = o.purpose !== undefined && o.purpose.trim().length >= 3;
        const rows = await workList(database.db, {
          villages: [requireRegionCodeShape(o.region)],
          pilotId: o.pilot === undefined ? undefined : id('--pilot', o.pilot),
          reveal,
        });
        await database.transaction((tx) =>
          auditChange(tx, localOperator(ctx, { purpose: o.purpose, identifiersRevealed: reveal }), {
            action: o.out === undefined ? 'enrolment.work_list' : 'enrolment.work_list_export',
            regionCode: o.region,
            details: { returned: rows.length, file: o.out ?? null },
          }),
        );
        const l = lang();
        if (o.out !== undefined && path.extname(o.out).toLowerCase() === '.pdf') {
          const villageNames = await new RegionRepository(database.db).names([
            ...rows.map((r) => r.village_code),
            o.region,
          ]);
          const pdf = await renderWorkListPdf(rows, {
            villageNames,
            facilitator: o.facilitator ?? null,
            generatedAt: new Date(),
            revealed: reveal,
          });
          await fs.promises.writeFile(o.out, pdf);
        } else if (o.out !== undefined) {
          await exportTable(o.out, WORK_LIST_HEADERS, workListCells(rows, l), 'work-list');
        }
        return {
          json: { rows: rows.length, file: o.out ?? null, identifiers_revealed: reveal, items: rows },
          text: [
            ...rows.map(
              (r) =>
                `${r.enrolment_id}\t${r.village_code}\t${r.name}\t${r.nik ?? ''}\t${r.state}\t${r.next_step[l]}`,
            ),
            tr(`${rows.length} open enrolments`, `${rows.length} pendaftaran terbuka`) +
              (o.out ? ` → ${o.out}` : ''),
          ].join('\n'),
        };
      },
    ),
  );
}
