import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import { useSession } from '../session.js';

/** Menu entries and the permission each needs (any of a list), as GET /auth/me names them. */
export const MENU = [
  { to: '/', key: 'nav.overview', permission: 'indicators:read' },
  { to: '/regions', key: 'nav.regions', permission: 'regions:read' },
  { to: '/households', key: 'nav.households', permission: 'households:read' },
  { to: '/imports', key: 'nav.imports', permission: 'batches:read' },
  { to: '/linkage', key: 'nav.linkage', permission: 'linkage:review' },
  { to: '/policies', key: 'nav.policies', permission: 'policies:read' },
  { to: '/indicators', key: 'nav.indicators', permission: 'indicators:read' },
  { to: '/cooperatives', key: 'nav.cooperatives', permission: 'cooperatives:read' },
  { to: '/foundings', key: 'nav.foundings', permission: 'cooperatives:read' },
  { to: '/pilots', key: 'nav.pilots', permission: 'pilots:read' },
  { to: '/work', key: 'nav.work', permission: 'enrolment:manage' },
  { to: '/reports', key: 'nav.reports', permission: 'indicators:read' },
  { to: '/jobs', key: 'nav.jobs', permission: 'batches:read' },
  { to: '/admin', key: 'nav.admin', permission: ['users:read', 'audit:read', 'dsr:read'] },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, can, signOut, lang, chooseLanguage } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // A route change moves focus to the page, so keyboard and screen-reader users start at its heading.
  useEffect(() => main.current?.focus(), [location.pathname]);
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {MENU.filter((m) => [m.permission].flat().some((p) => can(p))).map((m) => (
              <li key={m.to}>
                <NavLink to={m.to} end={m.to === '/'}>
                  {t(m.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user">
          <span className="who">{t('nav.signedInAs', { user: me?.username, role: me?.role })}</span>
          <label>
            <span className="sr-only">{t('nav.language')}</span>
            <select value={lang} onChange={(e) => chooseLanguage(e.target.value === 'en' ? 'en' : 'id')}>
              <option value="id">Bahasa Indonesia</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
