import type { IndicatorSet } from '../indicators/definition.js';
import { loadIndicatorSets } from '../indicators/definition-files.js';
import {
  readChildren,
  readIndicator,
  type ChildrenReading,
  type IndicatorReading,
} from '../indicators/indicator-read.js';
import { indicatorStatus, type IndicatorStatus } from '../indicators/indicator-service.js';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { regionInScope } from './region-scope.js';

let builtIn: IndicatorSet[] | undefined;

/**
 * Monitoring indicators through the scope: definitions for anyone with indicators:read; values only for a region
 * node inside the user's scope (a node outside reads exactly like one that does not exist) and its children.
 * Values are aggregates (numerators and denominators), never rows of people, so reads are not audited.
 */
export class IndicatorAccess {
  constructor(
    private readonly ctx: AccessContext,
    private readonly sets: IndicatorSet[] = (builtIn ??= loadIndicatorSets()),
  ) {}

  async list(): Promise<IndicatorStatus[]> {
    this.ctx.require('indicators:read');
    return indicatorStatus(this.ctx.database, this.sets);
  }

  async values(options: {
    indicator: string;
    region?: string | undefined;
    period?: string | undefined;
    disaggregation?: string | undefined;
    children?: boolean | undefined;
  }): Promise<IndicatorReading> {
    this.ctx.require('indicators:read');
    const region = await this.node(options.region);
    return readIndicator(this.ctx.db, this.sets, { ...options, id: options.indicator, region });
  }

  /**
   * One indicator at a node of the scope and at every child of it, in one read (dashboard first load and
   * drill-down). Children of a node inside the scope are inside it too.
   */
  async children(options: {
    indicator: string;
    region?: string | undefined;
    period?: string | undefined;
    disaggregation?: string | undefined;
  }): Promise<ChildrenReading> {
    this.ctx.require('indicators:read');
    const region = await this.node(options.region);
    return readChildren(this.ctx.db, this.sets, { ...options, id: options.indicator, region });
  }

  /** The node read: '' (the nation) for national users asking none, else a region inside the scope that exists. */
  private async node(input: string | undefined): Promise<string> {
    const scope = this.ctx.principal.scope;
    if (input === undefined) {
      if (scope.kind === 'national') return '';
      if (scope.kind === 'regions' && scope.codes.length === 1) return scope.codes[0]!;
      throw new UserError(
        say('name a region of your scope (region=)', 'sebutkan wilayah dalam cakupan Anda (region=)'),
        'region_required',
      );
    }
    const code = requireRegionCodeShape(input);
    const missing = new NotFoundError(say(`region ${input} not found`, `wilayah ${input} tidak ditemukan`));
    if (!regionInScope(code, scope)) throw missing;
    const row = await this.ctx.db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) throw missing;
    return code;
  }
}
