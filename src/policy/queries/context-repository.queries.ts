import type { RepositoryQueries, SqlRecorder } from '../../db/sql-recorder.js';
import * as module from '../context-repository.js';
import {
  loadContextLookups,
  openPageReaders,
  readHouseholdPages,
  type ContextScope,
} from '../context-repository.js';

const lookups = {
  cooperatives: [],
  profiles: new Map(),
  currentPeriods: [
    { program: 'PKH', period: '2026-01' },
    { program: 'BPNT', period: '2026-01' },
  ],
  villageKinds: new Map(),
};

/** One page of a region's households (ids 1–100) with the side lookups, on two snapshot readers. */
async function readOnePage(r: SqlRecorder, scope: Omit<ContextScope, 'readers'>): Promise<void> {
  r.answer([{ lo: 1, hi: 100, n: 100 }]);
  const readers = await r.tx.snapshotReaders(2);
  const read = await readHouseholdPages(r.tx, { ...scope, readers: [r.tx, ...readers] }, lookups);
  if (!read) return;
  await read.side;
  for await (const page of read.pages) void page;
}

export const contextRepositoryQueries: RepositoryQueries = {
  repository: 'src/policy/context-repository.ts',
  module,
  queries: {
    loadContextLookups: (r) => loadContextLookups(r.db, '2026-01-31'),
    openPageReaders: (r) => openPageReaders(r.tx, 2),
    readHouseholdPages: (r) => readOnePage(r, { region: '53.01', asOf: '2026-01-31', pageSize: 1000 }),
    'readHouseholdPages (summary, no members read)': (r) =>
      readOnePage(r, {
        region: '53.01',
        asOf: '2026-01-31',
        pageSize: 1000,
        members: false,
        coopMembers: false,
        fields: new Set(['size', 'elderly_members']),
      }),
  },
  notQueries: {
    streamHouseholdData: 'reads through readHouseholdPages',
    decodeRawPage: 'decodes COPY text',
    visitRawPage: 'decodes COPY text',
    contextExtras: 'decodes COPY text',
    cooperativesByVillage: 'in memory',
  },
};
