import type { Command } from 'commander';
import { CONSENT_METHODS, CONSENT_PURPOSES, type ConsentMethod } from '../../consent/consent-purposes.js';
import { presentConsent, presentHouseholdConsent } from '../../consent/consent-presenter.js';
import { listHouseholdConsents, recordConsent } from '../../consent/consent-service.js';
import { localOperator } from '../local-operator.js';
import { action, withJson } from '../command-runner.js';
import { lang, userError } from '../lang.js';

function positiveId(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw userError(
      `invalid ${flag} "${value}": expected an id`,
      `${flag} "${value}" tidak sah: harus berupa id`,
    );
  return n;
}

interface RecordOptions {
  household: string;
  person?: string;
  purpose: string;
  method: string;
  evidence?: string;
  decidedAt?: string;
  note?: string;
  guardianName?: string;
  guardianRelation?: string;
}

export function registerConsentCommands(program: Command): void {
  const consent = program
    .command('consent')
    .description('consent records per person or household and purpose (append-only, audited)');

  for (const [name, status] of [
    ['record', 'given'],
    ['withdraw', 'withdrawn'],
  ] as const) {
    withJson(
      consent
        .command(name)
        .description(
          status === 'given' ? 'record that consent was given' : 'record that consent was withdrawn',
        )
        .requiredOption('--household <id>', 'household id')
        .option('--person <id>', 'the member deciding (omit: the household as a unit, the KK holder)')
        .requiredOption('--purpose <purpose>', CONSENT_PURPOSES.join(', '))
        .requiredOption('--method <method>', CONSENT_METHODS.join(', '))
        .option('--evidence <ref>', 'form number, scan reference or witness')
        .option('--decided-at <date-time>', 'when the person decided (default now)')
        .option('--note <text>', 'free note')
        .option(
          '--guardian-name <name>',
          'the parent or guardian deciding for the person (required when they are under 18)',
        )
        .option('--guardian-relation <relation>', 'their relation to the person, e.g. ibu, ayah, wali'),
    ).action(
      action(async (ctx, options: RecordOptions) => {
        if (!(CONSENT_METHODS as readonly string[]).includes(options.method)) {
          throw userError(
            `invalid --method "${options.method}": expected one of ${CONSENT_METHODS.join(', ')}`,
            `--method "${options.method}" tidak sah: gunakan salah satu dari ${CONSENT_METHODS.join(', ')}`,
          );
        }
        const decidedAt = options.decidedAt === undefined ? undefined : new Date(options.decidedAt);
        if (decidedAt && Number.isNaN(decidedAt.getTime())) {
          throw userError(
            `invalid --decided-at "${options.decidedAt}": use e.g. 2026-03-01T09:00:00+07:00`,
            `--decided-at "${options.decidedAt}" tidak sah: tulis misalnya 2026-03-01T09:00:00+07:00`,
          );
        }
        const database = await ctx.database();
        const record = await database.transaction((tx) =>
          recordConsent(
            tx,
            {
              householdId: positiveId(options.household, '--household')!,
              personId: positiveId(options.person, '--person') ?? null,
              purpose: options.purpose,
              status,
              method: options.method as ConsentMethod,
              evidenceRef: options.evidence,
              decidedAt,
              note: options.note,
              guardianName: options.guardianName,
              guardianRelation: options.guardianRelation,
            },
            localOperator(ctx),
          ),
        );
        return {
          json: presentConsent(record),
          text: describeRecord(record),
        };
      }),
    );
  }

  withJson(
    consent
      .command('list')
      .description("a household's current consent per purpose and subject, with the rule's verdict (audited)")
      .requiredOption('--household <id>', 'household id')
      .option('--purpose <text>', 'why you look (written to the audit log)'),
  ).action(
    action(async (ctx, options: { household: string; purpose?: string }) => {
      const id = positiveId(options.household, '--household')!;
      const list = await listHouseholdConsents(
        await ctx.database(),
        localOperator(ctx, { purpose: options.purpose }),
        id,
      );
      const text = list.map(describePurpose).join('\n');
      return {
        json: { household_id: id, purposes: list.map(presentHouseholdConsent) },
        text:
          text ||
          (lang() === 'id'
            ? `rumah tangga ${id}: belum ada persetujuan`
            : `household ${id}: no consent recorded`),
      };
    }),
  );
}

const STATUS_ID: Record<string, string> = { given: 'diberikan', withdrawn: 'ditarik' };

function describeRecord(record: {
  id: number;
  household_id: number;
  person_id: number | null;
  status: string;
  purpose: string;
}): string {
  if (lang() === 'en') {
    return `consent ${record.id}: household ${record.household_id}${record.person_id ? ` person ${record.person_id}` : ''} ${record.status} ${record.purpose}`;
  }
  return `persetujuan ${record.id}: rumah tangga ${record.household_id}${record.person_id ? ` orang ${record.person_id}` : ''} ${STATUS_ID[record.status] ?? record.status} ${record.purpose}`;
}

function describePurpose(c: {
  purpose: string;
  has_consent: boolean;
  current: { person_id: number | null; status: string }[];
}): string {
  const en = lang() === 'en';
  const verdict = c.has_consent ? (en ? 'consent' : 'setuju') : en ? 'no consent' : 'tidak setuju';
  const subjects = c.current
    .map((r) => {
      const who =
        r.person_id === null
          ? en
            ? 'household'
            : 'rumah tangga'
          : `${en ? 'person' : 'orang'} ${r.person_id}`;
      return `${who}: ${en ? r.status : (STATUS_ID[r.status] ?? r.status)}`;
    })
    .join(', ');
  return `${c.purpose.padEnd(22)} ${verdict}  (${subjects})`;
}
