#!/usr/bin/env bash
# Structure moves (issue 13), re-runnable after merging other branches: each `git mv` runs only while the old
# file still exists, and the import rewrite (below) maps every relative import of an old path to its new path
# in every .ts file under src/ and bench/, wherever the importing file sits. Idempotent.
set -euo pipefail # (grep finding nothing is fine: those pipelines end in || true)
cd "$(dirname "$0")"

MOVES=(
  "src/access/roles.ts=src/shared/roles.ts"
  "src/access/principal.ts=src/shared/principal.ts"
  "src/auth/secret-key.ts=src/shared/secret-key.ts"
  "src/linkage/storage/platform-linkage-repository.ts=src/linkage/platform/platform-linkage-repository.ts"
  # Split into one file per command / route (the old file is gone; its importers point at the folder's index).
  "src/cli/commands/coop-operations.ts=src/cli/commands/coop-operations/index.ts"
  "src/server/routes/coop-operations.ts=src/server/routes/coop-operations/index.ts"
  # The one CSV reader (RFC 4180, line-numbered, streaming) is a shared primitive beside the writer.
  "src/intake/readers/csv-splitter.ts=src/shared/csv-splitter.ts"
  "src/intake/readers/csv-splitter.test.ts=src/shared/csv-splitter.test.ts"
)

for pair in "${MOVES[@]}"; do
  old="${pair%%=*}"; new="${pair#*=}"
  if [ -e "$old" ] && [ ! -e "$new" ]; then git mv "$old" "$new"; fi
done

# Import rewrite: resolve each relative specifier ('./x.js', '../a/b.js') against the importing file; when it
# names a moved file, write the new relative path. A moved file's own relative imports are re-pointed too.
node - "${MOVES[@]}" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const moves = new Map(process.argv.slice(2).map((p) => p.split('=')).map(([o, n]) => [path.resolve(o), path.resolve(n)]));
const back = new Map([...moves].map(([o, n]) => [n, o]));
const files = [];
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
  const p = path.join(d, e.name);
  if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'dist') walk(p); }
  else if (p.endsWith('.ts')) files.push(p);
} };
for (const d of ['src', 'bench']) if (fs.existsSync(d)) walk(path.resolve(d));
const rel = (from, to) => { let r = path.relative(path.dirname(from), to).split(path.sep).join('/'); return r.startsWith('.') ? r : './' + r; };
let changed = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  // Where this file sat before it moved (its old relative imports were written from there).
  const origin = back.get(file) ?? file;
  const out = text.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\2/g, (m, pre, q, spec) => {
    const ts = path.resolve(path.dirname(origin), spec.replace(/\.js$/, '.ts'));
    const here = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
    let target = null;
    if (moves.has(here)) target = moves.get(here);
    else if (origin !== file && !fs.existsSync(here) && fs.existsSync(ts)) target = ts;
    else if (origin !== file && !fs.existsSync(here) && moves.has(ts)) target = moves.get(ts);
    if (!target) return m;
    return pre + q + rel(file, target).replace(/\.ts$/, '.js') + q;
  });
  if (out !== text) { fs.writeFileSync(file, out); changed++; }
}
console.log(`MOVES.sh: rewrote imports in ${changed} file(s)`);
JS

# Migrations take their type from src/db/migration.ts, not from the runner (which imports every migration).
sed -i "s#import type { Migration } from '../migrate.js';#import type { Migration } from '../migration.js';#" src/db/migrations/*.ts

# idnAreaDataDir lives in src/regions/reference-regions.ts (migration 0002 keeps a private copy).
grep -rl "idnAreaDataDir } from '.*db/migrations/0002-regions.js'" src bench 2>/dev/null | xargs -r sed -i "/idnAreaDataDir/s#db/migrations/0002-regions.js#regions/reference-regions.js#" || true

# The region SQL conditions live in src/regions/region-condition.ts (access/region-scope.ts re-exports them);
# code outside src/access imports them from there.
grep -rlE "import \{ (householdRegionCondition|regionCondition)(, (householdRegionCondition|regionCondition))? \} from '(\.\./)+access/region-scope.js'" src bench 2>/dev/null | grep -v '^src/access/' | xargs -r sed -i -E "s#(import \{ (householdRegionCondition|regionCondition)(, (householdRegionCondition|regionCondition))? \} from '(\.\./)+)access/region-scope.js'#\1regions/region-condition.js'#" || true
