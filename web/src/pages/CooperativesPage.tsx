import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, errorText, must } from '../api/client.js';
import { field } from '../forms.js';
import { formatDate, formatNumber, formatRupiah, type Lang } from '../format.js';
import { useSession } from '../session.js';
import { CoopHeader, useCooperative } from './cooperative/CoopHeader.js';

const PAGE = 25;
const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/**
 * Cooperatives in the caller's scope (a coop_officer sees only their own), and one cooperative's books:
 * members, savings balances, loans with PAR, the SHU split and a member's statement. Health and mentoring, and
 * postings, are the cooperative's other sections (./cooperative/).
 */
export default function CooperativesPage() {
  const { id } = useParams();
  return id ? <Cooperative id={Number(id)} /> : <CooperativeList />;
}

function CooperativeList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? '';
  const cursor = params.get('cursor') ?? '';
  const page = useQuery({
    queryKey: ['cooperatives', region, cursor],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      must(
        await api.GET('/api/v1/cooperatives', {
          params: {
            query: { limit: PAGE, ...(region ? { region } : {}), ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
  });
  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const r = field(new FormData(event.currentTarget), 'region').trim();
    setParams(r ? { region: r } : {});
  }
  return (
    <>
      <h1>{t('coops.title')}</h1>
      <form className="filters" role="search" onSubmit={search}>
        <label>
          {t('households.region')}
          <input name="region" defaultValue={region} inputMode="decimal" pattern="^[0-9.]{2,13}$" />
        </label>
        <button type="submit">{t('households.search')}</button>
      </form>
      {page.error && (
        <p className="error" role="alert">
          {failure(page.error, lang)}
        </p>
      )}
      {page.data && page.data.items.length === 0 && <p>{t('coops.none')}</p>}
      {page.data && page.data.items.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table aria-label={t('coops.title')}>
            <thead>
              <tr>
                <th scope="col">{t('coops.name')}</th>
                <th scope="col">{t('households.village')}</th>
                <th scope="col">{t('coops.type')}</th>
                <th scope="col">{t('coops.status')}</th>
                <th scope="col" className="num">
                  {t('coops.members')}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/cooperatives/${c.id}`}>{c.name}</Link>
                  </td>
                  <td className="code">{c.village_code}</td>
                  <td>{c.type}</td>
                  <td>{c.status}</td>
                  <td className="num">{formatNumber(c.member_count, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {cursor && (
          <button type="button" onClick={() => setParams(region ? { region } : {})}>
            {t('households.first')}
          </button>
        )}
        {page.data?.next_cursor && (
          <button
            type="button"
            onClick={() => setParams({ ...(region ? { region } : {}), cursor: page.data.next_cursor! })}
          >
            {t('households.next')}
          </button>
        )}
      </div>
    </>
  );
}

function Cooperative({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const [params] = useSearchParams();
  const member = params.get('member');
  const coop = useCooperative(id);
  const statements = useQuery({
    queryKey: ['cooperative', id, 'statements'],
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperatives/{id}/financial-statements', { params: { path: { id } } })),
  });
  const members = can('members:read');
  const savings = useQuery({
    queryKey: ['cooperative', id, 'savings'],
    enabled: members,
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperatives/{id}/savings', { params: { path: { id } } })).items,
  });
  if (coop.error) return <p className="error">{failure(coop.error, lang)}</p>;
  const c = coop.data;
  if (!c) return <p className="loading">{t('app.loading')}</p>;
  const names = new Map((savings.data ?? []).map((s) => [s.member_id, s.name]));
  const s = statements.data;
  return (
    <>
      <CoopHeader id={id} name={c.name} />
      <dl className="facts">
        <div>
          <dt>{t('coops.registration')}</dt>
          <dd>{c.registration_no}</dd>
        </div>
        <div>
          <dt>{t('households.village')}</dt>
          <dd>{c.village_code}</dd>
        </div>
        <div>
          <dt>{t('coops.type')}</dt>
          <dd>
            {c.kind} · {c.type}
          </dd>
        </div>
        <div>
          <dt>{t('coops.status')}</dt>
          <dd>{c.status}</dd>
        </div>
        <div>
          <dt>{t('coops.members')}</dt>
          <dd>{formatNumber(c.member_count, lang)}</dd>
        </div>
        <div>
          <dt>{t('coops.established')}</dt>
          <dd>{c.established_on ? formatDate(c.established_on, lang) : '–'}</dd>
        </div>
      </dl>
      {s && (
        <section aria-labelledby="coop-finance-title">
          <h2 id="coop-finance-title">
            {t('coops.finance', { from: formatDate(s.from, lang), to: formatDate(s.to, lang) })}
          </h2>
          <dl className="kpis" data-testid="coop-finance">
            <div>
              <dt>{t('coops.totalAssets')}</dt>
              <dd>{formatRupiah(s.balance_sheet.total_assets)}</dd>
            </div>
            <div>
              <dt>{t('coops.income')}</dt>
              <dd>{formatRupiah(s.income_statement.total_income)}</dd>
            </div>
            <div>
              <dt>{t('coops.surplus')}</dt>
              <dd>{formatRupiah(s.income_statement.surplus)}</dd>
            </div>
          </dl>
        </section>
      )}
      {!members && <p>{t('coops.aggregatesOnly')}</p>}
      {members && member && <MemberStatement memberId={Number(member)} name={names.get(Number(member))} />}
      {members && (
        <>
          <Savings coopId={id} rows={savings.data} error={savings.error} />
          <Loans coopId={id} names={names} />
          <Shu coopId={id} names={names} />
          <Members coopId={id} />
        </>
      )}
    </>
  );
}

type SavingsRow = {
  member_id: number;
  member_no: string | null;
  name: string;
  pokok: number;
  wajib: number;
  sukarela: number;
};

function Savings({
  coopId,
  rows,
  error,
}: {
  coopId: number;
  rows: SavingsRow[] | undefined;
  error: Error | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const withBalance = (rows ?? []).filter((r) => r.pokok + r.wajib + r.sukarela !== 0);
  const total = (k: 'pokok' | 'wajib' | 'sukarela') => withBalance.reduce((sum, r) => sum + r[k], 0);
  return (
    <section aria-labelledby="savings-title">
      <h2 id="savings-title">{t('coops.savings')}</h2>
      {error && (
        <p className="error" role="alert">
          {failure(error, lang)}
        </p>
      )}
      {rows && withBalance.length === 0 && <p>{t('coops.noSavings')}</p>}
      {withBalance.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="savings-title" data-testid="savings">
            <thead>
              <tr>
                <th scope="col">{t('coops.member')}</th>
                <th scope="col" className="num">
                  {t('coops.pokok')}
                </th>
                <th scope="col" className="num">
                  {t('coops.wajib')}
                </th>
                <th scope="col" className="num">
                  {t('coops.sukarela')}
                </th>
              </tr>
            </thead>
            <tbody>
              {withBalance.map((r) => (
                <tr key={r.member_id}>
                  <th scope="row">
                    <Link to={`/cooperatives/${coopId}?member=${r.member_id}`}>{r.name}</Link>
                  </th>
                  <td className="num">{formatRupiah(r.pokok)}</td>
                  <td className="num">{formatRupiah(r.wajib)}</td>
                  <td className="num">{formatRupiah(r.sukarela)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('coops.total')}</th>
                <td className="num">{formatRupiah(total('pokok'))}</td>
                <td className="num">{formatRupiah(total('wajib'))}</td>
                <td className="num">{formatRupiah(total('sukarela'))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function Loans({ coopId, names }: { coopId: number; names: Map<number, string> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const portfolio = useQuery({
    queryKey: ['cooperative', coopId, 'loans'],
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperatives/{id}/loans', { params: { path: { id: coopId } } })),
  });
  const p = portfolio.data;
  const percent = (x: string) => `${formatNumber(Number(x), lang, 2)}%`;
  return (
    <section aria-labelledby="loans-title">
      <h2 id="loans-title">{t('coops.loans')}</h2>
      {portfolio.error && (
        <p className="error" role="alert">
          {failure(portfolio.error, lang)}
        </p>
      )}
      {p && (
        <>
          <dl className="kpis" data-testid="par">
            <div>
              <dt>{t('coops.outstanding')}</dt>
              <dd>{formatRupiah(p.outstanding)}</dd>
            </div>
            <div>
              <dt>PAR30</dt>
              <dd>{percent(p.par30.percent)}</dd>
            </div>
            <div>
              <dt>PAR90</dt>
              <dd>{percent(p.par90.percent)}</dd>
            </div>
          </dl>
          <p>{t('coops.asOf', { date: formatDate(p.as_of, lang) })}</p>
          {p.loans.length === 0 && <p>{t('coops.noLoans')}</p>}
          {p.loans.length > 0 && (
            <div className="table-scroll" tabIndex={0}>
              <table aria-labelledby="loans-title" data-testid="loans">
                <thead>
                  <tr>
                    <th scope="col">{t('coops.loan')}</th>
                    <th scope="col">{t('coops.member')}</th>
                    <th scope="col">{t('coops.disbursed')}</th>
                    <th scope="col" className="num">
                      {t('coops.principal')}
                    </th>
                    <th scope="col" className="num">
                      {t('coops.outstanding')}
                    </th>
                    <th scope="col" className="num">
                      {t('coops.arrears')}
                    </th>
                    <th scope="col" className="num">
                      {t('coops.daysPastDue')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.loans.map((l) => (
                    <tr key={l.loan_id}>
                      <td className="num">
                        {l.loan_id}
                        {l.written_off ? ` (${t('coops.writtenOff')})` : ''}
                      </td>
                      <td>
                        <Link to={`/cooperatives/${coopId}?member=${l.member_id}`}>
                          {names.get(l.member_id) ?? `#${l.member_id}`}
                        </Link>
                      </td>
                      <td>{formatDate(l.disbursed_on, lang)}</td>
                      <td className="num">{formatRupiah(l.principal)}</td>
                      <td className="num">{formatRupiah(l.principal_outstanding)}</td>
                      <td className="num">{formatRupiah(l.arrears)}</td>
                      <td className="num">{formatNumber(l.days_past_due, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The SHU split of a year with the RAT's parameters (as `entas coop shu`). */
function Shu({ coopId, names }: { coopId: number; names: Map<number, string> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const year = new Date().getFullYear();
  const shu = useMutation({
    mutationFn: async (form: FormData) =>
      must(
        await api.GET('/api/v1/cooperatives/{id}/shu', {
          params: {
            path: { id: coopId },
            query: {
              year: Number(field(form, 'year')),
              reserve: field(form, 'reserve').replace(',', '.'),
              jasa_usaha: field(form, 'jasa_usaha').replace(',', '.'),
              jasa_modal: field(form, 'jasa_modal').replace(',', '.'),
            },
          },
        }),
      ),
  });
  const r = shu.data;
  const shares = (r?.members ?? []).filter((m) => m.total > 0);
  const percentInput = (name: string, label: string, value: string) => (
    <label>
      {label}
      <input
        name={name}
        required
        inputMode="decimal"
        pattern="^[0-9]{1,3}([.,][0-9]{1,6})?$"
        defaultValue={value}
      />
    </label>
  );
  return (
    <section aria-labelledby="shu-title">
      <h2 id="shu-title">{t('coops.shu')}</h2>
      <p>{t('coops.shuHelp')}</p>
      <form
        className="filters"
        aria-labelledby="shu-title"
        onSubmit={(e) => {
          e.preventDefault();
          shu.mutate(new FormData(e.currentTarget));
        }}
      >
        <label>
          {t('coops.year')}
          <input name="year" type="number" min={2000} max={2100} required defaultValue={year} />
        </label>
        {percentInput('reserve', t('coops.reserve'), '40')}
        {percentInput('jasa_usaha', t('coops.jasaUsaha'), '30')}
        {percentInput('jasa_modal', t('coops.jasaModal'), '30')}
        <button type="submit" disabled={shu.isPending}>
          {t('coops.computeShu')}
        </button>
      </form>
      {shu.error && (
        <p className="error" role="alert">
          {failure(shu.error, lang)}
        </p>
      )}
      {r && (
        <div data-testid="shu">
          <p>
            {t('coops.shuTotal', {
              year: r.year,
              shu: formatRupiah(r.shu),
              remainder: formatRupiah(r.remainder),
            })}
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table aria-label={t('coops.pools')}>
              <thead>
                <tr>
                  <th scope="col">{t('coops.pool')}</th>
                  <th scope="col" className="num">
                    %
                  </th>
                  <th scope="col" className="num">
                    {t('coops.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.pools.map((p) => (
                  <tr key={p.name}>
                    <th scope="row">{t(`coops.pools_.${p.name}`, { defaultValue: p.name })}</th>
                    <td className="num">{p.percent}</td>
                    <td className="num">{formatRupiah(p.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shares.length > 0 && (
            <div className="table-scroll" tabIndex={0}>
              <table aria-label={t('coops.shuMembers')}>
                <thead>
                  <tr>
                    <th scope="col">{t('coops.member')}</th>
                    <th scope="col" className="num">
                      {t('coops.jasaUsaha')}
                    </th>
                    <th scope="col" className="num">
                      {t('coops.jasaModal')}
                    </th>
                    <th scope="col" className="num">
                      {t('coops.total')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shares.map((m) => (
                    <tr key={m.member_id}>
                      <th scope="row">{names.get(m.member_id) ?? `#${m.member_id}`}</th>
                      <td className="num">{formatRupiah(m.jasa_usaha)}</td>
                      <td className="num">{formatRupiah(m.jasa_modal)}</td>
                      <td className="num">{formatRupiah(m.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function MemberStatement({ memberId, name }: { memberId: number; name: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const statement = useQuery({
    queryKey: ['cooperative-member', memberId, 'statement'],
    queryFn: async () =>
      must(
        await api.GET('/api/v1/cooperative-members/{id}/statement', { params: { path: { id: memberId } } }),
      ),
  });
  const s = statement.data;
  return (
    <section aria-labelledby="statement-title" data-testid="statement">
      <h2 id="statement-title">{t('coops.statement', { name: name ?? `#${memberId}` })}</h2>
      {statement.error && (
        <p className="error" role="alert">
          {failure(statement.error, lang)}
        </p>
      )}
      {s && s.rows.length === 0 && <p>{t('coops.noEntries')}</p>}
      {s && s.rows.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="statement-title">
            <thead>
              <tr>
                <th scope="col">{t('coops.date')}</th>
                <th scope="col">{t('coops.account')}</th>
                <th scope="col" className="num">
                  {t('coops.amount')}
                </th>
                <th scope="col" className="num">
                  {t('coops.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r, i) => (
                <tr key={`${r.entry_id}-${r.account}-${i}`}>
                  <td>{formatDate(r.date, lang)}</td>
                  <td>
                    {r.account_name}
                    {r.loan_id !== null ? ` (${t('coops.loan')} ${r.loan_id})` : ''}
                  </td>
                  <td className="num">{formatRupiah(r.amount)}</td>
                  <td className="num">{formatRupiah(r.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Members({ coopId }: { coopId: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const cursor = params.get('members') ?? '';
  const page = useQuery({
    queryKey: ['cooperative', coopId, 'members', cursor],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      must(
        await api.GET('/api/v1/cooperatives/{id}/members', {
          params: { path: { id: coopId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
  const go = (next: string | null) => {
    const p = new URLSearchParams(params);
    if (next) p.set('members', next);
    else p.delete('members');
    setParams(p);
  };
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('coops.memberList')}</h2>
      {page.error && (
        <p className="error" role="alert">
          {failure(page.error, lang)}
        </p>
      )}
      {page.data && (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="members-title" data-testid="members">
            <thead>
              <tr>
                <th scope="col">{t('coops.memberNo')}</th>
                <th scope="col">{t('coops.member')}</th>
                <th scope="col">NIK</th>
                <th scope="col">{t('coops.joined')}</th>
                <th scope="col" className="num">
                  {t('coops.savingsPaid')}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((m) => (
                <tr key={m.id}>
                  <td>{m.member_no ?? '–'}</td>
                  <td>
                    <Link to={`/cooperatives/${coopId}?member=${m.id}`}>{m.name}</Link>
                  </td>
                  <td className="mono">{m.nik ?? '–'}</td>
                  <td>{m.joined_on ? formatDate(m.joined_on, lang) : '–'}</td>
                  <td className="num">{formatRupiah(m.savings_paid)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {cursor && (
          <button type="button" onClick={() => go(null)}>
            {t('households.first')}
          </button>
        )}
        {page.data?.next_cursor && (
          <button type="button" onClick={() => go(page.data.next_cursor)}>
            {t('households.next')}
          </button>
        )}
      </div>
    </section>
  );
}
