import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { api, must } from '../../api/client.js';
import { useSession } from '../../session.js';

/** The cooperative's facts (cached: every section of the cooperative asks for the same query). */
export function useCooperative(id: number) {
  return useQuery({
    queryKey: ['cooperative', id],
    queryFn: async () => must(await api.GET('/api/v1/cooperatives/{id}', { params: { path: { id } } })),
  });
}

/**
 * Breadcrumb, the cooperative's name and its sections — books, health and mentoring, posting, board — each shown only
 * when the user's permissions (GET /auth/me) allow what it does.
 */
export function CoopHeader({ id, name }: { id: number; name: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const sections = [
    { to: `/cooperatives/${id}`, key: 'coopNav.books', show: true },
    { to: `/cooperatives/${id}/health`, key: 'coopNav.health', show: can('cooperatives:read') },
    { to: `/cooperatives/${id}/post`, key: 'coopNav.post', show: can('ledger:post') },
    { to: `/cooperatives/${id}/board`, key: 'coopNav.board', show: can('cooperatives:read') },
  ].filter((s) => s.show);
  return (
    <>
      <nav aria-label={t('regions.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/cooperatives">{t('coops.title')}</Link>
          </li>
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <h1>{name}</h1>
      <nav aria-label={t('coopNav.label')} className="tabs">
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end>
                {t(s.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
