import fs from 'node:fs';
import path from 'node:path';
import { generateSql, sqlFileOf, unlistedFunctions } from './committed-sql.js';
import { REPOSITORY_QUERIES } from './registry.js';

/**
 * `npm run sql:generate`: writes each covered repository's queries to `<area>/queries/<repository>.sql` (run from
 * the repository root). A reviewer reads the diff of these files to see every change to what runs.
 */
async function main(): Promise<void> {
  for (const spec of REPOSITORY_QUERIES) {
    const missing = unlistedFunctions(spec);
    if (missing.length > 0) throw new Error(`${spec.repository}: add to its queries spec: ${missing.join(', ')}`);
    const file = sqlFileOf(spec);
    const text = await generateSql(spec);
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (old === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`${old === null ? 'wrote' : 'updated'} ${file}`);
  }
  console.log(`${REPOSITORY_QUERIES.length} repositories covered`);
}

await main();
