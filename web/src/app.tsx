// The app: who is looking (the local role switch), the session (providers, scored months), the
// method, and the page the address names.
import { useEffect, useState } from 'preact/hooks';
import { actAs, getJson } from './api.ts';
import { Layout } from './components/layout.tsx';
import { Failure, Loading, Page } from './components/page.tsx';
import { MethodContext } from './method-context.ts';
import type { MethodDoc } from './method-words.ts';
import { Clusters } from './pages/clusters.tsx';
import { Method } from './pages/method.tsx';
import { MyScorecard } from './pages/my-scorecard.tsx';
import { NotFound } from './pages/not-found.tsx';
import { Overview } from './pages/overview.tsx';
import { Provider, ProviderMonthPage } from './pages/provider.tsx';
import { Providers } from './pages/providers.tsx';
import { SendReturn } from './pages/send-return.tsx';
import { Report, Submissions } from './pages/submissions.tsx';
import { WhatsDue } from './pages/whats-due.tsx';
import { type Role, storedRole, storeRole } from './role.ts';
import { href, type Route, useRoute } from './router.ts';
import type { Session } from './types.ts';

export function App() {
  const route = useRoute();
  const [role, setRole] = useState<Role>(() => {
    const r = storedRole();
    actAs(r);
    return r;
  });
  const [session, setSession] = useState<Session | Error | null>(null);
  const [method, setMethod] = useState<MethodDoc | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setSession(null);
    getJson<Session>('/api/session').then(
      (s) => live && setSession(s),
      (e: Error) => live && setSession(e),
    );
    return () => {
      live = false;
    };
  }, [role]);
  useEffect(() => {
    getJson<MethodDoc>('/api/method').then(setMethod, () => setMethod(undefined));
  }, []);

  function switchRole(next: Role) {
    actAs(next);
    storeRole(next);
    setRole(next);
    // Each role starts at its own first page.
    location.hash = href(next.kind === 'provider' ? 'due' : 'overview');
  }

  const section = route.path[0] ?? (role.kind === 'provider' ? 'due' : 'overview');
  const loaded = session && !(session instanceof Error) ? session : null;
  // The switch shows when the server says it runs locally, and after a failed session too, so a
  // role the lake does not know can be switched away from.
  const providers = loaded?.providers ?? [];
  return (
    <MethodContext.Provider value={method}>
      <Layout
        role={role}
        providers={providers}
        local={loaded ? loaded.local === true : session instanceof Error}
        section={section}
        onRole={switchRole}
      >
        {session instanceof Error ? (
          <Page title="carescore">
            <Failure error={session} />
          </Page>
        ) : (
          pageFor(route, role, session)
        )}
      </Layout>
    </MethodContext.Provider>
  );
}

/** The page the address names; pages that need the session (months, providers) wait for it. */
function pageFor(route: Route, role: Role, session: Session | null) {
  const waiting = (title: string) => (
    <Page title={title}>
      <Loading />
    </Page>
  );
  const [first, second, third, fourth] = route.path;
  if (first === 'method') return <Method />;
  if (role.kind === 'provider') {
    const id = role.providerId;
    switch (first ?? 'due') {
      case 'due':
        return <WhatsDue providerId={id} />;
      case 'send':
        return <SendReturn providerId={id} />;
      case 'submissions':
        return second ? (
          <Report providerId={id} submissionId={second} back={href('submissions')} />
        ) : (
          <Submissions providerId={id} />
        );
      case 'scorecard':
        return session ? (
          <MyScorecard providerId={id} session={session} query={route.query} />
        ) : (
          waiting('My scorecard')
        );
      case 'providers':
        // A report link names the provider: only the provider's own is opened.
        if (second === id && third === 'submissions' && fourth)
          return <Report providerId={id} submissionId={fourth} back={href('submissions')} />;
        return <NotFound message="As a provider you can see your own returns and scorecard only." />;
      default:
        return <NotFound />;
    }
  }
  switch (first ?? 'overview') {
    case 'overview':
      return <Overview session={session} query={route.query} />;
    case 'providers':
      if (!second) return <Providers />;
      if (third === 'months' && fourth) return <ProviderMonthPage providerId={second} period={fourth} />;
      if (third === 'submissions' && fourth)
        return <Report providerId={second} submissionId={fourth} back={href('providers', second)} />;
      return session ? <Provider providerId={second} session={session} /> : waiting(`Provider ${second}`);
    case 'clusters':
      return <Clusters session={session} query={route.query} />;
    default:
      return <NotFound />;
  }
}
