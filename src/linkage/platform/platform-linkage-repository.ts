/**
 * SQL of platform linkage (`entas link run`): reads the reference persons and the source rows not yet linked,
 * writes the links (person, household, entity key) and hands out entity keys. Callers pass plain values.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ReferencePerson, SourceRow, SourceTable } from '../platform/platform-records.js';

export interface LinkRow {
  id: number;
  personId: number;
  probability: number;
  reviewed: boolean;
}

/** An arbitrary constant: serialises concurrent platform linkage runs on one server. */
const LINK_LOCK_KEY = 42_020_2;

export class PlatformLinkageRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Every DTSEN person with their household's village and No. KK, in id order. */
  async referencePersons(province?: string): Promise<ReferencePerson[]> {
    const rows = await this.db
      .selectFrom('persons as p')
      .leftJoin('households as h', (j) =>
        j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
      )
      .select(['p.id', 'p.nik', 'p.name', 'p.birth_date', 'p.sex', 'h.village_code', 'h.kk'])
      .$if(province !== undefined, (q) => q.where('p.province_code', '=', province!))
      .orderBy('p.id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      nik: r.nik,
      name: r.name,
      birthDate: r.birth_date,
      sex: r.sex,
      villageCode: r.village_code,
      kk: r.kk,
    }));
  }

  /** Rows of a source table not linked to a person yet, in id order (members take their cooperative's village). */
  async unlinkedRows(table: SourceTable, province?: string): Promise<SourceRow[]> {
    const rows =
      table === 'program_enrolments'
        ? await this.db
            .selectFrom('program_enrolments')
            .select([
              'id',
              'nik',
              'kk',
              'name',
              'village_code',
              sql<string>`program_code || '/' || period`.as('list'),
            ])
            .where('person_id', 'is', null)
            .$if(province !== undefined, (q) => q.where('province_code', '=', province!))
            .orderBy('id')
            .execute()
        : await this.db
            .selectFrom('cooperative_members as m')
            .innerJoin('cooperatives as c', 'c.id', 'm.cooperative_id')
            .select([
              'm.id',
              'm.nik',
              sql<string | null>`null`.as('kk'),
              'm.name',
              'c.village_code',
              sql<string>`m.cooperative_id::text`.as('list'),
            ])
            .where('m.person_id', 'is', null)
            .$if(province !== undefined, (q) => q.where(sql`left(c.village_code, 2)`, '=', province!))
            .orderBy('m.id')
            .execute();
    return rows.map((r) => ({
      table,
      id: Number(r.id),
      nik: r.nik,
      name: r.name,
      villageCode: r.village_code,
      kk: r.kk,
      list: r.list,
    }));
  }

  /** Who each of these rows really is, for the rows the demo truth knows (demo data only). */
  async truth(table: SourceTable, ids: readonly number[]): Promise<Map<number, number | null>> {
    const out = new Map<number, number | null>();
    for (let i = 0; i < ids.length; i += 50_000) {
      const { rows } = await sql<{ row_id: number; person_id: number | null }>`
        SELECT t.row_id, t.person_id FROM demo_truth t
        JOIN unnest(${ids.slice(i, i + 50_000)}::bigint[]) AS v(id) ON v.id = t.row_id
        WHERE t.table_name = ${table}`.execute(this.db);
      for (const r of rows) out.set(Number(r.row_id), r.person_id === null ? null : Number(r.person_id));
    }
    return out;
  }

  /**
   * The model (m/u per field) of the newest platform run that trained on at least `minRows` rows, with its
   * run id; null when there is none.
   */
  async latestTrainedModel(minRows: number): Promise<{ runId: number; model: unknown } | null> {
    const { rows } = await sql<{ id: number; model: unknown }>`
      SELECT id, model FROM linkage_runs
      WHERE left_source = 'persons' AND (settings->>'trained_on_rows')::bigint >= ${minRows}
      ORDER BY id DESC LIMIT 1`.execute(this.db);
    const r = rows[0];
    return r ? { runId: Number(r.id), model: r.model } : null;
  }

  /** Persons holding these NIKs, in any province (index lookups on each shard: no join across provinces). */
  async personsByNik(niks: readonly string[]): Promise<Array<{ id: number; nik: string; province: string }>> {
    const out: Array<{ id: number; nik: string; province: string }> = [];
    for (let i = 0; i < niks.length; i += 20_000) {
      const { rows } = await sql<{ id: number; nik: string; province_code: string }>`
        SELECT id, nik, province_code FROM persons WHERE nik = ANY(${niks.slice(i, i + 20_000)}::text[])`.execute(
        this.db,
      );
      for (const r of rows) out.push({ id: Number(r.id), nik: r.nik, province: r.province_code });
    }
    return out;
  }

  /** Persons of the households with these No. KK, in any province, with their normalised names. */
  async personsByKk(
    kks: readonly string[],
  ): Promise<Array<{ id: number; kk: string; name: string; province: string }>> {
    const out: Array<{ id: number; kk: string; name: string; province: string }> = [];
    for (let i = 0; i < kks.length; i += 20_000) {
      const { rows } = await sql<{ id: number; kk: string; name_normalized: string; province_code: string }>`
        SELECT p.id, h.kk, p.name_normalized, p.province_code
        FROM households h JOIN persons p ON p.province_code = h.province_code AND p.household_id = h.id
        WHERE h.kk = ANY(${kks.slice(i, i + 20_000)}::text[])`.execute(this.db);
      for (const r of rows)
        out.push({ id: Number(r.id), kk: r.kk, name: r.name_normalized, province: r.province_code });
    }
    return out;
  }

  /** Serialises runs: call first inside the writing transaction. */
  async lock(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${LINK_LOCK_KEY})`.execute(this.db);
  }

  /**
   * Gives every person without an entity key a new one (kept for good); returns how many got one. The keys are
   * drawn in a query of their own over the persons found (Citus refuses `nextval` in an UPDATE of a distributed
   * table, and runs this one as: find the persons on the shards, draw their keys on the coordinator, write them
   * back by (province, id)).
   */
  async assignPersonEntities(runId: number): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      WITH unkeyed AS MATERIALIZED (
        SELECT province_code, id FROM persons WHERE entity_id IS NULL
      ), drawn AS MATERIALIZED (
        SELECT province_code, id, nextval('linkage_entity_seq') AS entity_id FROM unkeyed
      ), assigned AS (
        UPDATE persons p SET entity_id = d.entity_id FROM drawn d
        WHERE p.province_code = d.province_code AND p.id = d.id AND p.entity_id IS NULL
        RETURNING p.id, p.entity_id
      ), recorded AS (  -- runs once whether or not it is referenced (a data-modifying WITH)
        INSERT INTO linkage_entity_records (record_table, record_id, entity_id, run_id)
        SELECT 'persons', id, entity_id, ${runId}::bigint FROM assigned
        ON CONFLICT (record_table, record_id) DO UPDATE SET entity_id = excluded.entity_id, run_id = excluded.run_id
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM recorded`.execute(this.db);
    return Number(rows[0]!.n);
  }

  /**
   * Gives rows still unlinked after a run (people missing from DTSEN, or not found) entity keys too, so every
   * record has one across sources: rows sharing a well-formed NIK share a key (the key an earlier unlinked row
   * with that NIK already has, if any), other rows get one each. A row linked to a person later joins that
   * person's entity instead (writeLinks). Returns how many new keys were handed out.
   */
  async assignUnlinkedEntities(tables: readonly SourceTable[], runId: number): Promise<number> {
    const unlinked = (t: SourceTable) =>
      sql`SELECT ${t}::text AS record_table, id AS record_id,
            CASE WHEN nik ~ '^[0-9]{16}$' THEN nik END AS nik
          FROM ${sql.table(t)} WHERE person_id IS NULL`;
    const all = sql.join(
      (['program_enrolments', 'cooperative_members'] as const).map(unlinked),
      sql` UNION ALL `,
    );
    // The unlinked rows are read once, first: on Citus the enrolments are distributed and the entity records
    // are not, and Citus joins the two only through a materialised result.
    const { rows } = await sql<{ fresh: number }>`
      WITH unlinked AS MATERIALIZED (${all}), unkeyed AS (
        SELECT u.* FROM unlinked u
        WHERE u.record_table IN (${sql.join(tables)})
          AND NOT EXISTS (SELECT 1 FROM linkage_entity_records r
                          WHERE r.record_table = u.record_table AND r.record_id = u.record_id)
      ), known AS (
        SELECT a.nik, min(r.entity_id) AS entity_id
        FROM unlinked a
        JOIN linkage_entity_records r ON r.record_table = a.record_table AND r.record_id = a.record_id
        WHERE a.nik IN (SELECT nik FROM unkeyed)
        GROUP BY a.nik
      ), fresh AS MATERIALIZED (  -- one nextval per NIK
        SELECT nik, nextval('linkage_entity_seq') AS entity_id
        FROM (SELECT DISTINCT nik FROM unkeyed WHERE nik IS NOT NULL AND nik NOT IN (SELECT nik FROM known)) d
      ), keyed AS MATERIALIZED (
        SELECT u.record_table, u.record_id,
          coalesce(k.entity_id, f.entity_id, CASE WHEN u.nik IS NULL THEN nextval('linkage_entity_seq') END)
            AS entity_id,
          u.nik IS NULL AS own_key
        FROM unkeyed u LEFT JOIN known k ON k.nik = u.nik LEFT JOIN fresh f ON f.nik = u.nik
      ), recorded AS (  -- runs once whether or not it is referenced (a data-modifying WITH)
        INSERT INTO linkage_entity_records (record_table, record_id, entity_id, run_id)
        SELECT record_table, record_id, entity_id, ${runId}::bigint FROM keyed
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM fresh) + (SELECT count(*) FROM keyed WHERE own_key) AS fresh`.execute(
      this.db,
    );
    return Number(rows[0]!.fresh);
  }

  /**
   * Links rows to persons: person_id and the person's household on the row, and the row joins the person's
   * entity. Only rows still unlinked are touched (a concurrent run or import may have linked them). Returns
   * the number of rows linked.
   */
  async writeLinks(table: SourceTable, runId: number, links: readonly LinkRow[]): Promise<number> {
    let linked = 0;
    for (let i = 0; i < links.length; i += 20_000) {
      const chunk = links.slice(i, i + 20_000);
      const ids = chunk.map((l) => l.id);
      const persons = chunk.map((l) => l.personId);
      const probabilities = chunk.map((l) => l.probability);
      const reviewed = chunk.map((l) => l.reviewed);
      const target = sql.table(table);
      const { rows } = await sql<{ id: number; entity_id: number; probability: number; reviewed: boolean }>`
        WITH v AS (
          SELECT * FROM unnest(${ids}::bigint[], ${persons}::bigint[], ${probabilities}::float8[],
            ${reviewed}::boolean[]) AS v(id, person_id, probability, reviewed)
        ), p AS MATERIALIZED (  -- the persons read first: on Citus a row and its person may sit on two shards
          SELECT v.*, x.household_id, x.entity_id FROM v JOIN persons x ON x.id = v.person_id
        )
        UPDATE ${target} t SET person_id = p.person_id, household_id = p.household_id
        FROM p
        WHERE t.id = p.id AND t.person_id IS NULL
        RETURNING t.id, p.entity_id, p.probability, p.reviewed`.execute(this.db);
      linked += rows.length;
      if (rows.length === 0) continue;
      await sql`
        INSERT INTO linkage_entity_records (record_table, record_id, entity_id, run_id, match_probability, reviewed)
        SELECT ${table}, r.id, r.entity_id, ${runId}::bigint, r.probability, r.reviewed
        FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.entity_id)}::bigint[],
          ${rows.map((r) => r.probability)}::float8[], ${rows.map((r) => r.reviewed)}::boolean[])
          AS r(id, entity_id, probability, reviewed)
        ON CONFLICT (record_table, record_id) DO UPDATE SET entity_id = excluded.entity_id,
          run_id = excluded.run_id, match_probability = excluded.match_probability,
          reviewed = excluded.reviewed, linked_at = now()`.execute(this.db);
    }
    return linked;
  }
}
