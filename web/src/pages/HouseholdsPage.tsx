import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, errorText, must } from '../api/client.js';
import { field } from '../forms.js';
import { formatDate, formatNumber, type Lang } from '../format.js';

const PAGE = 25;

/** Household search: filters in the address bar, keyset pages of 25 (never all households at once). */
export default function HouseholdsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? '';
  const decile = params.get('decile') ?? '';
  const cursor = params.get('cursor') ?? '';
  const [error, setError] = useState<string | null>(null);
  const page = useQuery({
    queryKey: ['households', region, decile, cursor],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      must(
        await api.GET('/api/v1/households', {
          params: {
            query: {
              limit: PAGE,
              ...(region ? { region } : {}),
              ...(decile ? { decile: Number(decile) } : {}),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
  });

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    const r = field(form, 'region').trim();
    const d = field(form, 'decile');
    if (r && !/^[0-9.]{2,13}$/.test(r)) {
      setError(t('households.region'));
      return;
    }
    setError(null);
    if (r) next.set('region', r);
    if (d) next.set('decile', d);
    setParams(next);
  }

  const failure = page.error ? errorText((page.error as { body?: unknown }).body ?? page.error, lang) : error;
  return (
    <>
      <h1>{t('households.title')}</h1>
      <form className="filters" onSubmit={search} role="search">
        <label>
          {t('households.region')}
          <input name="region" defaultValue={region} inputMode="decimal" />
        </label>
        <label>
          {t('households.decile')}
          <select name="decile" defaultValue={decile}>
            <option value="">{t('households.any')}</option>
            {Array.from({ length: 10 }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {i + 1}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('households.search')}</button>
      </form>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {page.data && page.data.items.length === 0 && <p>{t('households.empty')}</p>}
      {page.data && page.data.items.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{t('households.kk')}</th>
                <th scope="col">{t('households.village')}</th>
                <th scope="col">{t('households.address')}</th>
                <th scope="col">{t('households.decile')}</th>
                <th scope="col">{t('households.members')}</th>
                <th scope="col">{t('households.snapshot')}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((h) => (
                <tr key={h.id}>
                  <td>
                    <Link to={`/households/${h.id}`} aria-label={t('households.open', { id: h.id })}>
                      {h.id}
                    </Link>
                  </td>
                  <td className="mono">{h.kk ?? '–'}</td>
                  <td>{h.village_code}</td>
                  <td>{h.address ?? '–'}</td>
                  <td className="num">{h.decile ?? '–'}</td>
                  <td className="num">{formatNumber(h.member_count, lang)}</td>
                  <td>{h.snapshot_date ? formatDate(h.snapshot_date, lang) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {cursor && (
          <button
            type="button"
            onClick={() => {
              const next = new URLSearchParams(params);
              next.delete('cursor');
              setParams(next);
            }}
          >
            {t('households.first')}
          </button>
        )}
        {page.data?.next_cursor && (
          <button
            type="button"
            onClick={() => {
              const next = new URLSearchParams(params);
              next.set('cursor', page.data.next_cursor!);
              setParams(next);
            }}
          >
            {t('households.next')}
          </button>
        )}
      </div>
    </>
  );
}
