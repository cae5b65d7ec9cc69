import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout, MENU } from './components/Layout.js';
import { LoginPage } from './pages/LoginPage.js';
import { useSession } from './session.js';

// One chunk per page: the first load fetches only the shell and the page it opens.
const OverviewPage = lazy(() => import('./pages/OverviewPage.js'));
const RegionsPage = lazy(() => import('./pages/RegionsPage.js'));
const HouseholdsPage = lazy(() => import('./pages/HouseholdsPage.js'));
const HouseholdPage = lazy(() => import('./pages/HouseholdPage.js'));
const ImportsPage = lazy(() => import('./pages/ImportsPage.js'));
const LinkagePage = lazy(() => import('./pages/LinkagePage.js'));
const PoliciesPage = lazy(() => import('./pages/PoliciesPage.js'));
const PilotsPage = lazy(() => import('./pages/PilotsPage.js'));
const WorkListPage = lazy(() => import('./pages/WorkListPage.js'));
const ReportsPage = lazy(() => import('./pages/ReportsPage.js'));
const AdminPage = lazy(() => import('./pages/AdminPage.js'));
const CooperativesPage = lazy(() => import('./pages/CooperativesPage.js'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage.js'));
const CoopHealthPage = lazy(() => import('./pages/cooperative/CoopHealthPage.js'));
const CoopPostingPage = lazy(() => import('./pages/cooperative/CoopPostingPage.js'));
const CoopBoardPage = lazy(() => import('./pages/cooperative/CoopBoardPage.js'));
const PilotEvaluationPage = lazy(() => import('./pages/PilotEvaluationPage.js'));
const FoundingsPage = lazy(() => import('./pages/FoundingsPage.js'));
const JobsPage = lazy(() => import('./pages/JobsPage.js'));

export function App() {
  const { t } = useTranslation();
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="loading">{t('app.loading')}</p>;
  if (!me) {
    return location.pathname === '/login' ? (
      <LoginPage />
    ) : (
      <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  return (
    <Layout>
      <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/regions" element={<RegionsPage />} />
          <Route path="/regions/:code" element={<RegionsPage />} />
          <Route path="/households" element={<HouseholdsPage />} />
          <Route path="/households/:id" element={<HouseholdPage />} />
          <Route path="/imports" element={<ImportsPage />} />
          <Route path="/linkage" element={<LinkagePage />} />
          <Route path="/linkage/:run" element={<LinkagePage />} />
          <Route path="/policies" element={<PoliciesPage />} />
          <Route path="/pilots" element={<PilotsPage />} />
          <Route path="/pilots/new" element={<PilotsPage create />} />
          <Route path="/pilots/:id" element={<PilotsPage />} />
          <Route path="/pilots/:id/evaluation" element={<PilotEvaluationPage />} />
          <Route path="/work" element={<WorkListPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          <Route path="/indicators" element={<IndicatorsPage />} />
          <Route path="/cooperatives" element={<CooperativesPage />} />
          <Route path="/cooperatives/:id" element={<CooperativesPage />} />
          <Route path="/cooperatives/:id/health" element={<CoopHealthPage />} />
          <Route path="/cooperatives/:id/post" element={<CoopPostingPage />} />
          <Route path="/cooperatives/:id/board" element={<CoopBoardPage />} />
          <Route path="/foundings" element={<FoundingsPage />} />
          <Route path="/foundings/:id" element={<FoundingsPage />} />
          <Route path="/jobs" element={<JobsPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/login" element={<LoginRedirect />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

/** Signed in at /login (after signing in): go where the user was headed. */
function LoginRedirect() {
  const next = new URLSearchParams(useLocation().search).get('next');
  return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
}

/** The overview, or for a role without indicators (a cooperative's officer) the first page it may open. */
function Home() {
  const { can } = useSession();
  if (can('indicators:read')) return <OverviewPage />;
  const first = MENU.find((m) => [m.permission].flat().some((p) => can(p)));
  return first && first.to !== '/' ? <Navigate to={first.to} replace /> : <OverviewPage />;
}
