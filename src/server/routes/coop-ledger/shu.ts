import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { presentShu, ShuSchema } from '../../presenters/coop-ledger.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { Percent, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/shu` */
export function shuRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/shu',
    {
      schema: {
        tags,
        summary:
          "SHU of a year split with the RAT's parameters (percent, adding up to 100), per member (audited; as `entas coop shu`)",
        params: IdParams,
        querystring: Type.Object({
          year: Type.Integer({ minimum: 2000, maximum: 2100 }),
          reserve: Percent('cadangan'),
          jasa_usaha: Percent('split by members’ transactions (interest and penalties paid)'),
          jasa_modal: Percent('split by members’ savings at year end'),
          other: Type.Optional(
            Type.String({
              maxLength: 500,
              pattern:
                '^[a-z_]{1,40}=[0-9]{1,3}([.,][0-9]{1,6})?(;[a-z_]{1,40}=[0-9]{1,3}([.,][0-9]{1,6})?)*$',
              description: 'other funds, e.g. "pengurus=10;pendidikan=5"',
            }),
          ),
        }),
        response: { 200: ShuSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const others = (q.other ?? '')
        .split(';')
        .filter((x) => x !== '')
        .map((x) => {
          const [name = '', percent = ''] = x.split('=');
          return { name, percent };
        });
      return presentShu(
        await access(request).coopLedger.shu(request.params.id, q.year, {
          reserve: q.reserve,
          jasaUsaha: q.jasa_usaha,
          jasaModal: q.jasa_modal,
          others,
        }),
      );
    },
  );
}
