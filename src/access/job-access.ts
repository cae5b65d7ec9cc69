import type { JobState } from '../db/tables/jobs.js';
import type { JobSummary } from '../jobs/job-repository.js';
import {
  cancelJob,
  listJobs,
  retryJob,
  runJobInBackground,
  showJob,
  submitJob,
  type JobDetail,
} from '../jobs/job-service.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import { ForbiddenError } from './access-errors.js';
import type { Permission } from '../shared/roles.js';
import { can } from '../shared/principal.js';
import type { AccessContext } from './access-context.js';

/**
 * Batch jobs span provinces (and their results are national aggregates), so, like source batches, only
 * nationally-scoped users see them: for everyone else the list is empty and a job reads as absent. Reading
 * needs batches:read; cancelling and retrying need imports:write (the operators who run batch work), audited.
 */
/**
 * The kinds a user may submit through the API, and the permission each needs (that of the same work done
 * directly). Imports are not among them: an import job names a file on the workers' disks; uploads go through
 * POST /api/v1/imports.
 */
export const SUBMIT_PERMISSION: Readonly<Record<string, Permission>> = {
  'indicator-refresh': 'imports:write',
  'policy-simulate': 'policies:read',
  'policy-apply': 'policies:write',
  'link-run': 'linkage:review',
  'targeting-report': 'indicators:read',
};

export class JobAccess {
  constructor(private readonly ctx: AccessContext) {}

  private get national(): boolean {
    return this.ctx.principal.scope.kind === 'national';
  }

  async list(options: { state?: JobState | undefined; limit?: number | undefined }): Promise<JobSummary[]> {
    this.ctx.require('batches:read');
    if (!this.national) return [];
    return listJobs(this.ctx.database, options);
  }

  /**
   * The kinds this user may submit, in SUBMIT_PERMISSION's order: those whose permission the role holds, and
   * none without national scope (the dashboard offers only these; the server still checks each submission).
   */
  submittable(): string[] {
    this.ctx.require('batches:read');
    if (!this.national) return [];
    return Object.entries(SUBMIT_PERMISSION)
      .filter(([, permission]) => can(this.ctx.principal, permission))
      .map(([kind]) => kind);
  }

  async get(id: number): Promise<JobDetail> {
    this.ctx.require('batches:read');
    return showJob(this.ctx.database, this.visible(id));
  }

  /**
   * Plans and queues a job for the workers (on the embedded database, where no worker can open it, the server
   * runs it itself in the background). Jobs span provinces: only national users submit them. The submitter is
   * the actor of what the job writes.
   */
  async submit(kind: string, params: Record<string, unknown>): Promise<JobDetail> {
    const permission = SUBMIT_PERMISSION[kind];
    if (!permission)
      throw new UserError(
        say(
          `jobs of kind "${kind}" cannot be submitted through the API: use ${Object.keys(SUBMIT_PERMISSION).join(', ')}`,
          `pekerjaan jenis "${kind}" tidak dapat diajukan lewat API: gunakan ${Object.keys(SUBMIT_PERMISSION).join(', ')}`,
        ),
        'invalid_job_kind',
      );
    this.ctx.require(permission);
    if (!this.national)
      throw new ForbiddenError(
        say(
          'jobs span provinces: only users with national scope submit them',
          'pekerjaan mencakup banyak provinsi: hanya pengguna lingkup nasional yang dapat mengajukannya',
        ),
      );
    const actor = this.ctx.auditActor;
    const id = await submitJob(
      this.ctx.database,
      kind,
      { ...params, actor: actor.username, actor_role: actor.role },
      actor.username,
    );
    if (this.ctx.database.kind === 'pglite') runJobInBackground(this.ctx.database, id);
    return showJob(this.ctx.database, id);
  }

  async cancel(id: number): Promise<JobDetail> {
    this.ctx.require('imports:write');
    return cancelJob(this.ctx.database, this.visible(id), this.ctx.auditActor);
  }

  async retry(id: number): Promise<JobDetail> {
    this.ctx.require('imports:write');
    return retryJob(this.ctx.database, this.visible(id), this.ctx.auditActor);
  }

  /** The id when this user may see jobs at all; otherwise the same 404 as a job that does not exist. */
  private visible(id: number): number {
    if (!this.national)
      throw new NotFoundError(say(`job ${id} not found`, `pekerjaan ${id} tidak ditemukan`));
    return id;
  }
}
