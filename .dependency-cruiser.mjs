/**
 * Import rules (docs/ARCHITECTURE.md, "Layers"), checked by `npm run lint`:
 * entry points (cli, server, bench) → access → services → repositories → db; shared and pure domain below all.
 * Test files (*.test.ts) may import anything but nothing imports them; they are left out of the walk.
 */
const TESTS = '\\.test\\.ts$';
/** Test support: builders, test databases, fixtures. Production code must not import it. */
const TEST_SUPPORT = '^src/testing/|/test-[^/]+\\.ts$|/testing/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module must not import itself through others (type-only imports count).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders (areas) must not depend on each other in a circle, e.g. access ↔ auth.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src|bench)/' },
      to: { circular: true },
    },
    {
      name: 'entry-points-on-top',
      comment: 'Only entry points import the CLI and the HTTP server (bench and test support drive them).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(cli|server)/', TEST_SUPPORT] },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'access-below-entry-points',
      comment: 'The access layer (authorisation, scope, audit) is called by entry points only.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(access|cli|server)/', TEST_SUPPORT] },
      to: { path: '^src/access/' },
    },
    {
      name: 'shared-is-a-leaf',
      comment: 'src/shared holds primitives every area uses; it imports no area.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/(shared/|config\\.ts$|types/)' },
    },
    {
      name: 'db-knows-no-area',
      comment: 'Storage (src/db) sits below every area: it imports only itself and shared primitives.',
      severity: 'error',
      from: { path: '^src/db/', pathNot: TEST_SUPPORT },
      to: { path: '^src/', pathNot: '^src/(db/|shared/|config\\.ts$|types/)' },
    },
    {
      name: 'migrations-import-nothing-that-changes',
      comment:
        'An applied migration never changes, so it imports no live code (only the Migration type and COPY encoding).',
      severity: 'error',
      from: { path: '^src/db/migrations/' },
      to: { path: '^src/', pathNot: '^src/db/(migration\\.ts|database\\.ts|migrations/)' },
    },
    {
      name: 'pure-domain-has-no-io-layers',
      comment:
        'Pure domain (identifiers, region codes, evaluation, synthetic data) imports no storage or entry point.',
      severity: 'error',
      from: {
        path: '^src/(identity|evaluation|synth|households)/|^src/regions/region-code\\.ts$',
        pathNot: TEST_SUPPORT,
      },
      to: { path: '^src/(db|server|cli|access|audit|auth)/' },
    },
    {
      name: 'no-test-support-in-production',
      comment: 'Production code does not import test support.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_SUPPORT },
      to: { path: TEST_SUPPORT },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: [TESTS, '^dist/', 'node_modules'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
