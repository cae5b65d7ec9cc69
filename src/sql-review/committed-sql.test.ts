import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSql, REGENERATE, sqlFileOf, unlistedFunctions } from './committed-sql.js';
import { REPOSITORY_QUERIES } from './registry.js';

// Every query of a covered repository is committed as plain SQL; a change to what runs shows in review as a
// change to the .sql file. These fail when the code and the committed file disagree.
describe('committed SQL', () => {
  it.each(REPOSITORY_QUERIES.map((spec) => [spec.repository, spec] as const))(
    '%s matches its committed queries',
    async (_, spec) => {
      const missing = unlistedFunctions(spec);
      expect(missing, `${spec.repository}: functions missing from its queries spec`).toEqual([]);
      const file = sqlFileOf(spec);
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const generated = await generateSql(spec);
      expect(generated === committed, `${file} is out of date: run \`${REGENERATE}\` and commit it`).toBe(
        true,
      );
    },
  );

  it('drift is caught: an edited query no longer matches', async () => {
    const spec = REPOSITORY_QUERIES[0]!;
    const committed = fs.readFileSync(sqlFileOf(spec), 'utf8');
    expect(await generateSql(spec)).toBe(committed);
    expect(
      await generateSql({ ...spec, queries: { ...spec.queries, extra: (r) => r.tx.exec('SELECT 1') } }),
    ).not.toBe(committed);
  });
});
