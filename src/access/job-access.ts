import type { JobState } from '../db/tables/jobs.js';
import type { JobSummary } from '../jobs/job-repository.js';
import { cancelJob, listJobs, retryJob, showJob, type JobDetail } from '../jobs/job-service.js';
import { NotFoundError, say } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';

/**
 * Batch jobs span provinces (and their results are national aggregates), so, like source batches, only
 * nationally-scoped users see them: for everyone else the list is empty and a job reads as absent. Reading
 * needs batches:read; cancelling and retrying need imports:write (the operators who run batch work), audited.
 */
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

  async get(id: number): Promise<JobDetail> {
    this.ctx.require('batches:read');
    return showJob(this.ctx.database, this.visible(id));
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
