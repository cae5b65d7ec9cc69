import { Type } from 'typebox';
import { REPORT_KINDS } from '../../../cooperatives/reports/report-tables.js';

export const ReportKind = Type.Union(REPORT_KINDS.map((k) => Type.Literal(k)));
export const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]);
const Percent = Type.String({ pattern: '^\\d{1,3}([.,]\\d{1,8})?$' });
/** The query both reports take: book year, language, SHU split. */
export const ReportQuery = {
  year: Type.Optional(
    Type.Integer({ minimum: 1990, maximum: 2200, description: 'book year, default last year' }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
  reserve: Type.Optional(Percent),
  jasa_usaha: Type.Optional(Percent),
  jasa_modal: Type.Optional(Percent),
};

/** The report options from the query (year default: last year). */
export function reportOptions(q: {
  year?: number | undefined;
  lang?: 'id' | 'en' | undefined;
  reserve?: string | undefined;
  jasa_usaha?: string | undefined;
  jasa_modal?: string | undefined;
}) {
  const shu =
    q.reserve !== undefined && q.jasa_usaha !== undefined && q.jasa_modal !== undefined
      ? { reserve: q.reserve, jasaUsaha: q.jasa_usaha, jasaModal: q.jasa_modal, others: [] }
      : undefined;
  return { year: q.year ?? new Date().getUTCFullYear() - 1, lang: q.lang ?? 'id', shu };
}
