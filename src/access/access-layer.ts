import type { Database } from '../db/database.js';
import { AccessContext } from './access-context.js';
import { AuditAccess } from './audit-access.js';
import { BatchAccess } from './batch-access.js';
import { BreachAccess } from './breach-access.js';
import { ConsentAccess } from './consent-access.js';
import { CoopLedgerAccess } from './coop-ledger-access.js';
import { CoopOperationsAccess } from './coop-operations-access.js';
import { CooperativeAccess } from './cooperative-access.js';
import { DsrAccess } from './dsr-access.js';
import { EnrolmentAccess } from './enrolment-access.js';
import { HouseholdAccess } from './household-access.js';
import { ImportAccess } from './import-access.js';
import { IndicatorAccess } from './indicator-access.js';
import { JobAccess } from './job-access.js';
import { LinkageAccess } from './linkage-access.js';
import { PersonAccess } from './person-access.js';
import { PilotAccess } from './pilot-access.js';
import { PilotEvaluationAccess } from './pilot-evaluation-access.js';
import { PolicyAccess } from './policy-access.js';
import type { Principal } from '../shared/principal.js';
import { RegionAccess } from './region-access.js';
import { ReportAccess } from './report-access.js';
import { UserAccess } from './user-access.js';
import { ApiTokenAccess } from './api-token-access.js';
import { VerificationAccess } from './verification-access.js';

/**
 * The one enforcement point: built per request from the signed-in principal, it is the only way route
 * handlers reach data. Every query below it adds the principal's scope, masks identifiers unless revealed,
 * and audits reads of personal records (as Medplum's per-request Repository does).
 */
export class AccessLayer {
  readonly households: HouseholdAccess;
  readonly persons: PersonAccess;
  readonly regions: RegionAccess;
  readonly cooperatives: CooperativeAccess;
  readonly coopLedger: CoopLedgerAccess;
  readonly coopOperations: CoopOperationsAccess;
  readonly batches: BatchAccess;
  readonly users: UserAccess;
  readonly apiTokens: ApiTokenAccess;
  readonly audit: AuditAccess;
  readonly dataSubjectRequests: DsrAccess;
  readonly breaches: BreachAccess;
  readonly policies: PolicyAccess;
  readonly imports: ImportAccess;
  readonly linkage: LinkageAccess;
  readonly consents: ConsentAccess;
  readonly reports: ReportAccess;
  readonly indicators: IndicatorAccess;
  readonly jobs: JobAccess;
  readonly pilots: PilotAccess;
  readonly pilotEvaluations: PilotEvaluationAccess;
  readonly enrolments: EnrolmentAccess;
  readonly verifications: VerificationAccess;

  constructor(
    database: Database,
    readonly principal: Principal,
    options: { rejectsDir?: string } = {},
  ) {
    const ctx = new AccessContext(database, principal);
    this.households = new HouseholdAccess(ctx);
    this.persons = new PersonAccess(ctx);
    this.regions = new RegionAccess(ctx);
    this.cooperatives = new CooperativeAccess(ctx);
    this.coopLedger = new CoopLedgerAccess(ctx);
    this.coopOperations = new CoopOperationsAccess(ctx);
    this.batches = new BatchAccess(ctx);
    this.users = new UserAccess(ctx);
    this.apiTokens = new ApiTokenAccess(ctx);
    this.audit = new AuditAccess(ctx);
    this.dataSubjectRequests = new DsrAccess(ctx);
    this.breaches = new BreachAccess(ctx);
    this.policies = new PolicyAccess(ctx);
    this.imports = new ImportAccess(ctx, options.rejectsDir);
    this.linkage = new LinkageAccess(ctx);
    this.consents = new ConsentAccess(ctx);
    this.reports = new ReportAccess(ctx);
    this.indicators = new IndicatorAccess(ctx);
    this.jobs = new JobAccess(ctx);
    this.pilots = new PilotAccess(ctx);
    this.pilotEvaluations = new PilotEvaluationAccess(ctx);
    this.enrolments = new EnrolmentAccess(ctx);
    this.verifications = new VerificationAccess(ctx);
  }
}
