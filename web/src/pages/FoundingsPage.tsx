import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { FOUNDING_STEPS } from '../../../src/cooperatives/operations/founding.js';
import { api, errorText, must } from '../api/client.js';
import { type Lang } from '../format.js';
import { field } from '../forms.js';
import { useSession } from '../session.js';
import { FoundingChecklist } from './founding/FoundingChecklist.js';

const PAGE = 25;
const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/**
 * Founding community cooperatives (Kopdes Merah Putih) where no cooperative serves a village: the checklists in
 * scope (keyset pages, region filter) and, with cooperatives:manage, a new checklist for a village; one
 * checklist at /foundings/:id.
 */
export default function FoundingsPage() {
  const { id } = useParams();
  return id ? <FoundingChecklist id={Number(id)} /> : <FoundingList />;
}

function FoundingList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? '';
  const cursor = params.get('cursor') ?? '';
  const page = useQuery({
    queryKey: ['foundings', region, cursor],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      must(
        await api.GET('/api/v1/cooperative-foundings', {
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
      <h1>{t('founding.title')}</h1>
      <p>{t('founding.help')}</p>
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
      {page.data && page.data.items.length === 0 && <p>{t('founding.none')}</p>}
      {page.data && page.data.items.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table aria-label={t('founding.title')} data-testid="foundings">
            <thead>
              <tr>
                <th scope="col">{t('founding.name')}</th>
                <th scope="col">{t('households.village')}</th>
                <th scope="col">{t('founding.status')}</th>
                <th scope="col" className="num">
                  {t('founding.progress')}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/foundings/${f.id}`}>{f.name}</Link>
                  </td>
                  <td className="code">{f.village_code}</td>
                  <td>{t(`founding.statuses.${f.status}`)}</td>
                  <td className="num">
                    {t('founding.stepsDone', {
                      done: f.steps.filter((s) => s.done).length,
                      total: FOUNDING_STEPS.length,
                    })}
                  </td>
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
      {can('cooperatives:manage') && <StartFounding />}
    </>
  );
}

/** A new checklist for a village no cooperative (and no open founding) serves; the server says when it does. */
function StartFounding() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const start = useMutation({
    mutationFn: async (form: FormData) =>
      must(
        await api.POST('/api/v1/cooperative-foundings', {
          body: { village_code: field(form, 'village_code').trim(), name: field(form, 'name').trim() },
        }),
      ),
    onSuccess: (f) => void navigate(`/foundings/${f.id}`),
  });
  return (
    <form
      className="stack-form"
      aria-labelledby="start-founding-title"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate(new FormData(e.currentTarget));
      }}
    >
      <h2 id="start-founding-title">{t('founding.start')}</h2>
      <p>{t('founding.startHelp')}</p>
      <label>
        {t('founding.village')}
        <input
          name="village_code"
          required
          inputMode="decimal"
          pattern="^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
          placeholder="53.01.01.2001"
          aria-describedby="village-format"
        />
      </label>
      <small id="village-format">{t('founding.villageFormat')}</small>
      <label>
        {t('founding.name')}
        <input name="name" required maxLength={200} defaultValue="Koperasi Desa Merah Putih " />
      </label>
      {start.error && (
        <p className="error" role="alert">
          {failure(start.error, i18n.language)}
        </p>
      )}
      <button type="submit" disabled={start.isPending}>
        {t('founding.startSubmit')}
      </button>
    </form>
  );
}
