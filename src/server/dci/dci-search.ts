import crypto from 'node:crypto';
import type { AccessLayer } from '../../access/access-layer.js';
import type { HouseholdFilter } from '../../access/household-access.js';
import { NotFoundError, UserError } from '../../shared/errors.js';
import { presentHouseholdDetail, presentHouseholdSummary } from '../presenters/households.js';

/**
 * A read-only Social Registry search in the shape of the DCI (Digital Convergence Initiative) registry API
 * (`registry/sync/search`), so OpenSPP/OpenG2P-style systems can query entas. It only translates: every lookup
 * goes through the caller's AccessLayer, so scopes, masking and read audits are exactly those of the REST API,
 * and only households with data_sharing_dci consent are ever returned.
 *
 * Supported query types:
 *   - "idtype-value": {"type": "NIK" | "KK", "value": "<16 digits>"} → the household(s) with members;
 *   - "expression": {"region": "53.01", "decile": {"$lte": 4}} (operators $eq $lt $lte) → household summaries.
 */
export interface DciSearchRequest {
  reference_id: string;
  timestamp: string;
  search_criteria: {
    reg_type?: string;
    query_type: string;
    query: Record<string, unknown>;
    pagination?: { page_size: number; page_number?: number };
  };
}

export interface DciSearchResponse {
  reference_id: string;
  timestamp: string;
  status: 'succ' | 'rjct';
  status_reason_code?: string;
  status_reason_message?: string;
  data?: { reg_type: string; reg_record_type: 'Household'; reg_records: unknown[] };
  pagination?: { page_size: number; page_number: number; has_more: boolean };
}

export const DCI_REG_TYPE = 'ns:org:RegistryType:Social';
/**
 * Only households with data_sharing_dci consent are returned (rule: consent/consent-rule.ts; legal basis:
 * docs/SECURITY.md). The access layer applies it, in the same query as the scope.
 */
const SHARING = 'data_sharing_dci' as const;
const MAX_PAGE = 50;

function parseExpression(query: Record<string, unknown>): HouseholdFilter {
  const filter: HouseholdFilter = {};
  for (const [field, condition] of Object.entries(query)) {
    if (field === 'region') {
      const value =
        typeof condition === 'object' && condition !== null
          ? (condition as { $eq?: unknown }).$eq
          : condition;
      if (typeof value !== 'string')
        throw new UserError('expression: region must be a region code string', 'rjct.query.invalid');
      filter.region = value;
    } else if (field === 'decile') {
      const ops = typeof condition === 'number' ? { $eq: condition } : (condition as Record<string, unknown>);
      for (const [op, value] of Object.entries(ops ?? {})) {
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          throw new UserError(`expression: decile ${op} needs a whole number`, 'rjct.query.invalid');
        }
        if (op === '$eq') filter.decile = value;
        else if (op === '$lte') filter.maxDecile = value;
        else if (op === '$lt') filter.maxDecile = value - 1;
        else
          throw new UserError(
            `expression: unsupported operator ${op} (use $eq, $lt, $lte)`,
            'rjct.query.invalid',
          );
      }
    } else {
      throw new UserError(
        `expression: unsupported field "${field}" (use region, decile)`,
        'rjct.query.invalid',
      );
    }
  }
  return filter;
}

async function runOne(access: AccessLayer, request: DciSearchRequest): Promise<DciSearchResponse> {
  const { search_criteria: criteria } = request;
  const pageSize = Math.min(criteria.pagination?.page_size ?? 10, MAX_PAGE);
  const pageNumber = criteria.pagination?.page_number ?? 1;
  if (pageNumber < 1 || pageNumber > 100)
    throw new UserError('page_number must be 1–100', 'rjct.pagination.invalid');
  let records: unknown[];
  let hasMore = false;
  if (criteria.query_type === 'idtype-value') {
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const type = text(criteria.query.type).toUpperCase();
    const value = text(criteria.query.value);
    if (!/^\d{16}$/.test(value))
      throw new UserError('idtype-value: value must be 16 digits', 'rjct.query.invalid');
    let householdIds: number[];
    if (type === 'NIK') {
      const persons = await access.persons.list({ nik: value, limit: MAX_PAGE });
      householdIds = [
        ...new Set(persons.items.map((p) => p.household_id).filter((id): id is number => id !== null)),
      ];
    } else if (type === 'KK') {
      householdIds = (await access.households.list({ kk: value, limit: MAX_PAGE })).items.map((h) => h.id);
    } else {
      throw new UserError(`idtype-value: unsupported type "${type}" (use NIK or KK)`, 'rjct.query.invalid');
    }
    records = [];
    for (const id of householdIds) {
      try {
        records.push(presentHouseholdDetail(await access.households.get(id, { consent: SHARING })));
      } catch (error) {
        // Without data_sharing_dci consent the household is not shared: the answer is the one for an unknown NIK.
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
  } else if (criteria.query_type === 'expression') {
    const filter = parseExpression(criteria.query);
    let cursor: string | undefined;
    let page = await access.households.list({ ...filter, consent: SHARING, limit: pageSize });
    for (let n = 1; n < pageNumber && page.nextCursor; n++) {
      cursor = page.nextCursor;
      page = await access.households.list({ ...filter, consent: SHARING, limit: pageSize, cursor });
    }
    records = page.items.map((h) => presentHouseholdSummary(h));
    hasMore = page.nextCursor !== null;
  } else {
    throw new UserError(
      `unsupported query_type "${criteria.query_type}" (use idtype-value or expression)`,
      'rjct.query_type.invalid',
    );
  }
  return {
    reference_id: request.reference_id,
    timestamp: new Date().toISOString(),
    status: 'succ',
    data: { reg_type: criteria.reg_type ?? DCI_REG_TYPE, reg_record_type: 'Household', reg_records: records },
    pagination: { page_size: pageSize, page_number: pageNumber, has_more: hasMore },
  };
}

/** Answers each search request on its own: one rejected request does not fail the others. */
export async function dciSearch(
  access: AccessLayer,
  requests: DciSearchRequest[],
): Promise<DciSearchResponse[]> {
  const responses: DciSearchResponse[] = [];
  for (const request of requests) {
    try {
      responses.push(await runOne(access, request));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      responses.push({
        reference_id: request.reference_id,
        timestamp: new Date().toISOString(),
        status: 'rjct',
        status_reason_code: error.code.startsWith('rjct.') ? error.code : `rjct.${error.code}`,
        status_reason_message: error.message,
      });
    }
  }
  return responses;
}

export function newMessageId(): string {
  return crypto.randomUUID();
}
