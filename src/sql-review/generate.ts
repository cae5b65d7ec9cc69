import fs from 'node:fs';
import path from 'node:path';
import { generateSql, sqlFileOf, unlistedFunctions } from './committed-sql.js';
import { REPOSITORY_QUERIES } from './registry.js';

/**
 * `npm run sql:generate`: writes each covered repository's queries to `<area>/queries/<repository>.sql` (run from
 * the repository root). A reviewer reads the diff of these files to see every change to what runs.
 */
async function main(): Promise<void> {
  const problems: string[] = [];
  for (const spec of REPOSITORY_QUERIES) {
    const missing = unlistedFunctions(spec);
    if (missing.length > 0)
      problems.push(`${spec.repository}: add to its queries spec: ${missing.join(', ')}`);
    const file = sqlFileOf(spec);
    let text: string;
    try {
      text = await generateSql(spec);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (old === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`${old === null ? 'wrote' : 'updated'} ${file}`);
  }
  console.log(`${REPOSITORY_QUERIES.length} repositories covered`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

await main();
