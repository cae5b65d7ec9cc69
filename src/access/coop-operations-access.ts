import { ratReportPdf, reportFile } from '../cooperatives/coop-report-export.js';
import { loadHealthSettings } from '../cooperatives/health-settings-file.js';
import type { ShuParameters } from '../cooperatives/ledger/shu.js';
import type { HealthScore } from '../cooperatives/operations/health-score.js';
import type { ReportKind, ReportLang } from '../cooperatives/reports/report-tables.js';
import {
  appointOfficer,
  closeFollowup,
  cooperativeHealth,
  endOfficerTerm,
  foundingView,
  memberExit,
  memberHistory,
  mentoringSessions,
  recordFoundingStep,
  recordMentoringSession,
  recordRat,
  registerCheck,
  registerFounding,
  requireFounding,
  setBusinessUnits,
  startFounding,
  type ExitResult,
  type FoundingView,
  type OfficerInput,
  type RegisterCheck,
  type SessionInput,
} from '../cooperatives/operations-service.js';
import { parseCalendarDate } from '../cooperatives/finance/due-dates.js';
import type { StepRecord } from '../cooperatives/operations/founding.js';
import type { Books } from '../cooperatives/storage/ledger-repository.js';
import type { SessionRow } from '../cooperatives/storage/operations-repository.js';
import type { Tx } from '../db/database.js';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError, say } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { cooperativeInScope, memberCooperativeInScope } from './cooperative-scope.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { regionCondition, regionInScope } from './region-scope.js';

const today = () => new Date().toISOString().slice(0, 10);
const checkedDate = (text: string, field: string) => (parseCalendarDate(text, field), text);

/**
 * Cooperative operations through the principal's scope (docs/FINANCE.md): mentoring, register, member exit, RAT,
 * health score, founding. Reads of aggregates need cooperatives:read; anything naming members or attendees needs
 * members:read and is audited; changes need cooperatives:manage (member exit: ledger:post, as it posts a refund)
 * and are audited in their transaction. Out of scope looks exactly like absent.
 */
export class CoopOperationsAccess {
  constructor(private readonly ctx: AccessContext) {}

  private books(cooperativeId: number): Promise<Books> {
    return cooperativeInScope(this.ctx, cooperativeId);
  }

  /** A change in its own transaction, audited there. */
  private async change<T>(
    books: Books,
    action: string,
    details: Record<string, unknown>,
    work: (tx: Tx) => Promise<T>,
    resultDetails: (r: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    return this.ctx.database.transaction(async (tx) => {
      const result = await work(tx);
      await this.ctx.auditIn(tx, {
        action,
        subjectType: 'cooperative',
        subjectId: books.cooperativeId,
        regionCode: books.villageCode,
        details: { ...details, ...resultDetails(result) },
      });
      return result;
    });
  }

  // Mentoring ---------------------------------------------------------------------------------------------------

  async sessions(
    cooperativeId: number,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<SessionRow[]> {
    this.ctx.require('members:read');
    const books = await this.books(cooperativeId);
    const rows = await mentoringSessions(this.ctx.db, books, {
      from: range.from === undefined ? undefined : checkedDate(range.from, 'from'),
      to: range.to === undefined ? undefined : checkedDate(range.to, 'to'),
    });
    await this.ctx.audit({
      action: 'coop_mentoring.list',
      subjectType: 'cooperative',
      subjectId: cooperativeId,
      regionCode: books.villageCode,
      details: { returned: rows.length },
    });
    return rows;
  }

  async recordSession(cooperativeId: number, input: SessionInput) {
    this.ctx.require('cooperatives:manage');
    const books = await this.books(cooperativeId);
    return this.change(
      books,
      'coop_mentoring.record',
      { held_on: input.heldOn, topic: input.topic, followups: input.followups.length },
      (tx) => recordMentoringSession(tx, cooperativeId, input, this.ctx.principal.username),
      (r) => ({ session_id: r.sessionId }),
    );
  }

  async closeFollowup(
    cooperativeId: number,
    followupId: number,
    closing: { closedOn: string; note: string },
  ) {
    this.ctx.require('cooperatives:manage');
    const books = await this.books(cooperativeId);
    return this.change(
      books,
      'coop_mentoring.close_followup',
      { followup_id: followupId, closed_on: closing.closedOn },
      (tx) => closeFollowup(tx, cooperativeId, followupId, closing, this.ctx.principal.username),
    );
  }

  // Register ----------------------------------------------------------------------------------------------------

  async registerCheck(cooperativeId: number, asOf?: string): Promise<RegisterCheck> {
    this.ctx.require('cooperatives:read');
    const books = await this.books(cooperativeId);
    return registerCheck(this.ctx.db, books.cooperativeId, asOf ?? today());
  }

  async setBusinessUnits(cooperativeId: number, units: readonly string[]) {
    this.ctx.require('cooperatives:manage');
    const books = await this.books(cooperativeId);
    return this.change(
      books,
      'cooperative.business_units',
      {},
      (tx) => setBusinessUnits(tx, cooperativeId, units),
      (r) => ({ units: r.units }),
    );
  }

  async appointOfficer(cooperativeId: number, officer: OfficerInput) {
    this.ctx.require('cooperatives:manage');
    const books = await this.books(cooperativeId);
    return this.change(
      books,
      'cooperative_officer.appoint',
      { position: officer.position, start_date: officer.startDate },
      (tx) => appointOfficer(tx, cooperativeId, officer),
      (r) => ({ officer_id: r.officerId }),
    );
  }

  async endOfficer(cooperativeId: number, officerId: number, endDate: string) {
    this.ctx.require('cooperatives:manage');
    const books = await this.books(cooperativeId);
    return this.change(books, 'cooperative_officer.end', { officer_id: officerId, end_date: endDate }, (tx) =>
      endOfficerTerm(tx, cooperativeId, officerId, endDate),
    );
  }

  // Members -----------------------------------------------------------------------------------------------------

  private memberBooks(memberId: number): Promise<Books> {
    return memberCooperativeInScope(this.ctx, memberId);
  }

  async memberExit(
    memberId: number,
    request: { idempotencyKey: string; date: string; memo?: string | undefined },
  ): Promise<ExitResult> {
    this.ctx.require('ledger:post');
    const books = await this.memberBooks(memberId);
    const meta = {
      date: checkedDate(request.date, 'date'),
      idempotencyKey: request.idempotencyKey,
      memo: request.memo,
      postedBy: this.ctx.principal.username,
    };
    const { result } = await this.change(
      books,
      'coop_member.exit',
      { member_id: memberId, idempotency_key: request.idempotencyKey },
      (tx) => memberExit(tx, books.cooperativeId, memberId, meta),
      (r) => ({
        entry_id: r.result.entryId,
        event_id: r.result.eventId,
        refund: String(r.result.refund.total),
        replayed: r.result.replayed,
      }),
    );
    return result;
  }

  async memberHistory(memberId: number) {
    this.ctx.require('members:read');
    const books = await this.memberBooks(memberId);
    const history = await memberHistory(this.ctx.db, books, memberId);
    await this.ctx.audit({
      action: 'coop_member.history',
      subjectType: 'cooperative_member',
      subjectId: memberId,
      regionCode: books.villageCode,
      details: { returned: history.events.length },
    });
    return { cooperative_id: books.cooperativeId, ...history };
  }

  // RAT and health ----------------------------------------------------------------------------------------------

  async recordRat(cooperativeId: number, bookYear: number, heldOn: string) {
    this.ctx.require('cooperatives:manage');
    const books = await this.books(cooperativeId);
    return this.change(books, 'coop_rat.record', { book_year: bookYear, held_on: heldOn }, (tx) =>
      recordRat(tx, cooperativeId, bookYear, heldOn, this.ctx.principal.username),
    );
  }

  async health(cooperativeId: number, asOf?: string): Promise<HealthScore> {
    this.ctx.require('cooperatives:read');
    const books = await this.books(cooperativeId);
    return cooperativeHealth(this.ctx.db, books, asOf ?? today(), loadHealthSettings());
  }

  // Founding ----------------------------------------------------------------------------------------------------

  /** Foundings the principal may see: by village in a region scope; a cooperative officer only their own. */
  private visibleFoundings() {
    const scope = this.ctx.principal.scope;
    let q = this.ctx.db.selectFrom('coop_foundings as f');
    if (scope.kind === 'cooperative') q = q.where('f.cooperative_id', '=', scope.cooperativeId);
    else if (scope.kind === 'regions') q = q.where(regionCondition('f.village_code', scope.codes));
    return q;
  }

  private async founding(id: number) {
    const row = await this.visibleFoundings().select('f.id').where('f.id', '=', id).executeTakeFirst();
    if (!row)
      throw new NotFoundError(say(`founding ${id} not found`, `pendirian koperasi ${id} tidak ditemukan`));
    return requireFounding(this.ctx.db, id);
  }

  async foundings(filter: PageRequest & { region?: string | undefined }): Promise<Page<FoundingView>> {
    this.ctx.require('cooperatives:read');
    const limit = pageLimit(filter.limit);
    let q = this.visibleFoundings()
      .select('f.id')
      .where('f.id', '>', decodeCursor(filter.cursor))
      .orderBy('f.id')
      .limit(limit + 1);
    if (filter.region !== undefined)
      q = q.where(regionCondition('f.village_code', [requireRegionCodeShape(filter.region)]));
    const ids = await q.execute();
    const views: FoundingView[] = [];
    for (const { id } of ids)
      views.push(await foundingView(this.ctx.db, await requireFounding(this.ctx.db, id)));
    return toPage(views, limit);
  }

  async getFounding(id: number): Promise<FoundingView> {
    this.ctx.require('cooperatives:read');
    return foundingView(this.ctx.db, await this.founding(id));
  }

  async startFounding(villageCode: string, name: string): Promise<FoundingView> {
    this.ctx.require('cooperatives:manage');
    const code = requireRegionCodeShape(villageCode);
    if (!regionInScope(code, this.ctx.principal.scope))
      throw new NotFoundError(say(`village ${code} not found`, `desa/kelurahan ${code} tidak ditemukan`));
    return this.ctx.database.transaction(async (tx) => {
      const view = await startFounding(tx, code, name, this.ctx.principal.username);
      await this.ctx.auditIn(tx, {
        action: 'coop_founding.start',
        subjectType: 'coop_founding',
        subjectId: view.id,
        regionCode: code,
        details: { name: view.name },
      });
      return view;
    });
  }

  async recordFoundingStep(
    id: number,
    step: { step: string; doneOn: string; document: string; details: StepRecord['details'] },
  ): Promise<FoundingView> {
    this.ctx.require('cooperatives:manage');
    const f = await this.founding(id);
    return this.ctx.database.transaction(async (tx) => {
      const view = await recordFoundingStep(tx, f, step, this.ctx.principal.username);
      await this.ctx.auditIn(tx, {
        action: 'coop_founding.step',
        subjectType: 'coop_founding',
        subjectId: id,
        regionCode: f.village_code,
        details: { step: step.step, done_on: step.doneOn },
      });
      return view;
    });
  }

  async registerFounding(id: number): Promise<FoundingView> {
    this.ctx.require('cooperatives:manage');
    const f = await this.founding(id);
    return this.ctx.database.transaction(async (tx) => {
      const view = await registerFounding(tx, f);
      await this.ctx.auditIn(tx, {
        action: 'coop_founding.register',
        subjectType: 'coop_founding',
        subjectId: id,
        regionCode: f.village_code,
        details: { cooperative_id: view.cooperative_id },
      });
      return view;
    });
  }

  // Reports -----------------------------------------------------------------------------------------------------

  /** One report as CSV or XLSX (names members: members:read, audited). */
  async report(
    cooperativeId: number,
    kind: ReportKind,
    format: 'csv' | 'xlsx',
    o: { year: number; lang: ReportLang; shu?: ShuParameters | undefined },
  ) {
    this.ctx.require('members:read');
    const books = await this.books(cooperativeId);
    const file = await reportFile(this.ctx.db, books, kind, format, o);
    await this.ctx.audit({
      action: 'coop_report.export',
      subjectType: 'cooperative',
      subjectId: cooperativeId,
      regionCode: books.villageCode,
      details: { kind, format, year: o.year, returned: file.table.rows.length },
    });
    return file;
  }

  /** The RAT report (PDF): every report of the book year in one document (members:read, audited). */
  async ratReport(
    cooperativeId: number,
    o: { year: number; lang: ReportLang; shu?: ShuParameters | undefined },
  ) {
    this.ctx.require('members:read');
    const books = await this.books(cooperativeId);
    const pdf = await ratReportPdf(this.ctx.db, books, { ...o, generatedAt: new Date() });
    await this.ctx.audit({
      action: 'coop_report.rat_pdf',
      subjectType: 'cooperative',
      subjectId: cooperativeId,
      regionCode: books.villageCode,
      details: { year: o.year, lang: o.lang },
    });
    return pdf.body;
  }
}
