/**
 * The dashboard's pages and their addresses (interfaces.md, Dashboard). Signed-out visitors see the sign-in
 * form on every address and land where they were going once signed in.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import { Route, Routes, useMatch } from 'react-router';
import { Layout } from './components/Layout.js';
import { Loading } from './components/Status.js';
import { useI18n } from './i18n/index.js';
import { ContractsPage } from './pages/ContractsPage.js';
import { MetricPage } from './pages/MetricPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { PeriodPage } from './pages/PeriodPage.js';
import { SetupPage } from './pages/SetupPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { SessionProvider, useSession } from './session.js';

// The contract, close, staffing and live pages load when first opened: they bring the domain's period
// reader (with its time-zone rules), which the overview and period pages do not need.
const VersionsPage = lazy(() =>
  import('./contract/VersionsPage.js').then((m) => ({ default: m.VersionsPage })),
);
const ClosingPage = lazy(() => import('./contract/ClosingPage.js').then((m) => ({ default: m.ClosingPage })));
const StaffingPage = lazy(() =>
  import('./contract/StaffingPage.js').then((m) => ({ default: m.StaffingPage })),
);
const LivePage = lazy(() => import('./contract/LivePage.js').then((m) => ({ default: m.LivePage })));
const AcknowledgePage = lazy(() =>
  import('./alerts/AcknowledgePage.js').then((m) => ({ default: m.AcknowledgePage })),
);

export function App() {
  return (
    <SessionProvider>
      <Pages />
    </SessionProvider>
  );
}

function Pages() {
  const { session } = useSession();
  // A mail's acknowledge link is its own credential: its page opens signed in or not.
  const acknowledgeLink = useMatch('/contracts/:contract/alerts/acknowledge');
  if (session === undefined) return <Loading />;
  if (acknowledgeLink !== null) return <Lazy page={<AcknowledgePage />} />;
  if (session === null)
    return (
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="*" element={<SignInPage />} />
      </Routes>
    );
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<ContractsPage />} />
        <Route path="contracts" element={<ContractsPage />} />
        <Route path="contracts/:contract" element={<OverviewPage />} />
        <Route path="contracts/:contract/periods/:period" element={<PeriodPage />} />
        <Route path="contracts/:contract/periods/:period/metrics/:metric" element={<MetricPage />} />
        <Route path="contracts/:contract/versions" element={<Lazy page={<VersionsPage />} />} />
        <Route path="contracts/:contract/closing" element={<Lazy page={<ClosingPage />} />} />
        <Route path="contracts/:contract/staffing" element={<Lazy page={<StaffingPage />} />} />
        <Route path="contracts/:contract/live" element={<Lazy page={<LivePage />} />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section className="page">
      <h1>{t.common.notFound}</h1>
    </section>
  );
}

function Lazy({ page }: { page: ReactNode }) {
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}
