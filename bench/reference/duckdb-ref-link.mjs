#!/usr/bin/env node
// Reference linker on DuckDB, in the style of Splink's SQL pipeline: standardise, block with a
// union of equi-joins, compare with Jaro-Winkler / edit-distance levels, sum fixed log2(m/u) weights.
// A speed and accuracy yardstick, not a product. usage: duckdb-ref-link.mjs LEFT RIGHT OUT
import { DuckDBInstance } from '@duckdb/node-api';
const [L, R, OUT] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const std = (src) => `
  SELECT id,
    nullif(regexp_replace(nik, '[^0-9]', '', 'g'), '') AS nik,
    trim(regexp_replace(regexp_replace(regexp_replace(upper(name),
      '\\b(H|HJ|DRS|IR|BAPAK|IBU|S\\.PD|S\\.E|SPD|SE)\\.?(\\s|$)', ' ', 'g'),
      '\\b(MUHAMAD|MOHAMAD|MOHAMMAD|MOCHAMAD|MUKHAMAD|MOH|MUH|M)\\.?(\\s|$)', 'MUHAMMAD ', 'g'),
      '[^A-Z ]|\\s+', ' ', 'g')) AS nm,
    coalesce(try_strptime(birth_date, '%Y-%m-%d'), try_strptime(birth_date, '%d/%m/%Y'))::DATE AS dob,
    sex, village_code AS vil
  FROM read_csv('${src}', all_varchar = true, header = true)`;
await c.run(`CREATE TABLE l AS ${std(L)}`);
await c.run(`CREATE TABLE r AS ${std(R)}`);
await c.run(`CREATE TABLE l2 AS SELECT *, split_part(nm, ' ', 1) AS f1, left(vil, 8) AS dis FROM l`);
await c.run(`CREATE TABLE r2 AS SELECT *, split_part(nm, ' ', 1) AS f1, left(vil, 8) AS dis FROM r`);
await c.run(`CREATE TABLE pairs AS
  SELECT l2.id AS lid, r2.id AS rid FROM l2 JOIN r2 ON l2.nik = r2.nik
  UNION SELECT l2.id, r2.id FROM l2 JOIN r2 ON l2.dob = r2.dob AND l2.dis = r2.dis
  UNION SELECT l2.id, r2.id FROM l2 JOIN r2 ON l2.f1 = r2.f1 AND year(l2.dob) = year(r2.dob) AND left(l2.vil, 5) = left(r2.vil, 5)
  UNION SELECT l2.id, r2.id FROM l2 JOIN r2 ON l2.vil = r2.vil AND l2.sex = r2.sex AND jaro_winkler_similarity(l2.nm, r2.nm) > 0.9`);
await c.run(`CREATE TABLE scored AS
  SELECT p.lid, p.rid,
    -3.5
    + CASE WHEN a.nik IS NULL OR b.nik IS NULL THEN 0 WHEN a.nik = b.nik THEN 12 WHEN damerau_levenshtein(a.nik, b.nik) <= 1 THEN 7 ELSE -6 END
    + CASE WHEN jaro_winkler_similarity(a.nm, b.nm) >= 0.97 THEN 8 WHEN jaro_winkler_similarity(a.nm, b.nm) >= 0.9 THEN 5
           WHEN jaro_winkler_similarity(a.nm, b.nm) >= 0.75 THEN 1 ELSE -5 END
    + CASE WHEN a.dob IS NULL OR b.dob IS NULL THEN 0 WHEN a.dob = b.dob THEN 6
           WHEN month(a.dob) = day(b.dob) AND day(a.dob) = month(b.dob) THEN 3
           WHEN year(a.dob) = year(b.dob) OR (month(a.dob) = month(b.dob) AND day(a.dob) = day(b.dob)) THEN 1 ELSE -4 END
    + CASE WHEN a.sex = b.sex THEN 0.5 ELSE -3 END
    + CASE WHEN a.vil = b.vil THEN 3 WHEN left(a.vil, 8) = left(b.vil, 8) THEN 1.5 WHEN left(a.vil, 5) = left(b.vil, 5) THEN 0 ELSE -2 END
    AS w
  FROM pairs p JOIN l2 a ON a.id = p.lid JOIN r2 b ON b.id = p.rid`);
await c.run(
  `COPY (SELECT lid AS left_id, rid AS right_id, 1 / (1 + pow(2, -w)) AS match_probability FROM scored WHERE w > 0) TO '${OUT}' (HEADER)`,
);
const n = await c.runAndReadAll(`SELECT count(*) FROM pairs`);
console.error(`candidate pairs ${n.getRows()[0][0]}`);
