import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The SQL of pilots, their clusters, waves, draws and assignments (pilots/pilot-service.ts holds the rules). */
export class PilotRepository {
  constructor(private readonly db: Kysely<DB>) {}

  region(code: string) {
    return this.db
      .selectFrom('regions')
      .select(['code', 'level'])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  /** The newest stored version of a policy. */
  latestPolicyVersion(policyId: string) {
    return this.db
      .selectFrom('policies')
      .select(['id', 'version'])
      .where('policy_id', '=', policyId)
      .orderBy('version', 'desc')
      .executeTakeFirst();
  }

  async nameTaken(name: string): Promise<boolean> {
    const row = await this.db.selectFrom('pilots').select('id').where('name', '=', name).executeTakeFirst();
    return row !== undefined;
  }

  /** Inserts the pilot with its clusters and waves; returns its id. */
  async insertPilot(
    pilot: Insertable<DB['pilots']>,
    clusters: (pilotId: number) => Insertable<DB['pilot_clusters']>[],
    waves: (pilotId: number) => Insertable<DB['pilot_waves']>[],
  ): Promise<number> {
    const { id } = await this.db.insertInto('pilots').values(pilot).returning('id').executeTakeFirstOrThrow();
    await this.db.insertInto('pilot_clusters').values(clusters(id)).execute();
    await this.db.insertInto('pilot_waves').values(waves(id)).execute();
    return id;
  }

  /** The pilot row, locked for the rest of the transaction. */
  lockPilot(pilotId: number) {
    return this.db.selectFrom('pilots').selectAll().where('id', '=', pilotId).forUpdate().executeTakeFirst();
  }

  publishedDraw(pilotId: number) {
    return this.db
      .selectFrom('pilot_randomizations')
      .select('id')
      .where('pilot_id', '=', pilotId)
      .where('status', '=', 'published')
      .executeTakeFirst();
  }

  draftDraw(pilotId: number) {
    return this.db
      .selectFrom('pilot_randomizations')
      .select(['id', 'supersedes'])
      .where('pilot_id', '=', pilotId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
  }

  /** The pilot's clusters in cluster-key order (the order draws are made in). */
  clusters(pilotId: number) {
    return this.db
      .selectFrom('pilot_clusters')
      .select(['id', 'cluster_key', 'stratum', 'baseline', 'province_code'])
      .where('pilot_id', '=', pilotId)
      .orderBy('cluster_key')
      .execute();
  }

  /** Stores a draft draw, discarding an earlier draft, with its assignment rows; returns its id. */
  async insertDraftDraw(
    draw: Insertable<DB['pilot_randomizations']>,
    assignments: (randomizationId: number) => Insertable<DB['pilot_assignments']>[],
  ): Promise<number> {
    await this.db
      .updateTable('pilot_randomizations')
      .set({ status: 'discarded' })
      .where('pilot_id', '=', draw.pilot_id)
      .where('status', '=', 'draft')
      .execute();
    const { id } = await this.db
      .insertInto('pilot_randomizations')
      .values(draw)
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = assignments(id);
    if (rows.length > 0) await this.db.insertInto('pilot_assignments').values(rows).execute();
    return id;
  }

  /** Makes a draft draw the pilot's binding one; the draw it supersedes, if any, is marked so. */
  async publishDraw(
    pilotId: number,
    draft: { id: number; supersedes: number | null },
    publishedBy: string,
  ): Promise<void> {
    if (draft.supersedes !== null)
      await this.db
        .updateTable('pilot_randomizations')
        .set({ status: 'superseded' })
        .where('id', '=', draft.supersedes)
        .execute();
    await this.db
      .updateTable('pilot_randomizations')
      .set({ status: 'published', published_by: publishedBy, published_at: new Date() })
      .where('id', '=', draft.id)
      .execute();
    await this.db.updateTable('pilots').set({ status: 'published' }).where('id', '=', pilotId).execute();
  }

  /** The newest draw that is not discarded (the draft if any, else the published one). */
  latestDraw(pilotId: number) {
    return this.db
      .selectFrom('pilot_randomizations')
      .selectAll()
      .where('pilot_id', '=', pilotId)
      .where('status', 'in', ['draft', 'published'])
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** The assignment of one draw, by cluster key. */
  assignments(randomizationId: number) {
    return this.db
      .selectFrom('pilot_assignments as a')
      .innerJoin('pilot_clusters as c', 'c.id', 'a.cluster_id')
      .select(['a.cluster_id', 'c.cluster_key', 'c.village_code', 'c.stratum', 'a.arm', 'a.wave_no'])
      .where('a.randomization_id', '=', randomizationId)
      .orderBy('c.cluster_key')
      .execute();
  }

  /** The pilot with its policy's id and version and its number of clusters. */
  pilot(pilotId: number) {
    return this.db
      .selectFrom('pilots as p')
      .leftJoin('policies as pol', 'pol.id', 'p.policy_row_id')
      .select([
        'p.id',
        'p.name',
        'p.region_code',
        'p.design',
        'p.cluster_kind',
        'p.treated_share',
        'p.wave_count',
        'p.status',
        'p.member_treatments',
        'p.comparison_method',
        'p.created_by',
        'p.created_at',
        'pol.policy_id',
        'pol.version as policy_version',
        sql<number>`(SELECT count(*) FROM pilot_clusters c WHERE c.pilot_id = p.id)`.as('clusters'),
      ])
      .where('p.id', '=', pilotId)
      .executeTakeFirst();
  }

  waves(pilotId: number) {
    return this.db
      .selectFrom('pilot_waves')
      .select(['wave_no', 'starts_on', 'ends_on', 'opened_at'])
      .where('pilot_id', '=', pilotId)
      .orderBy('wave_no')
      .execute();
  }
}
