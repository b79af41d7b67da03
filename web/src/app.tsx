// The app: the runtime config (local, or AWS with sign-in), who is looking (the local role switch,
// or the signed-in person's identity on AWS), the session (providers, scored months), the method,
// and the page the address names.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { actAs, connectRemote, getJson } from './api.ts';
import { Auth, type SignedIn, SignInError } from './auth.ts';
import { type Account, Layout } from './components/layout.tsx';
import { Failure, Loading, Page } from './components/page.tsx';
import { type AppConfig, type AwsConfig, loadConfig } from './config.ts';
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
import { SignIn } from './pages/sign-in.tsx';
import { Report, Submissions } from './pages/submissions.tsx';
import { WhatsDue } from './pages/whats-due.tsx';
import { type Role, storedRole, storeRole } from './role.ts';
import { href, type Route, useRoute } from './router.ts';
import type { Session } from './types.ts';

/** A frame with no menu, for the moments before anyone is known. */
function Bare({ children }: { children: ComponentChildren }) {
  return (
    <Layout providers={[]} local={false} section="" onRole={() => undefined}>
      {children}
    </Layout>
  );
}

/** The page's start: /config.json says local (no file) or AWS (sign in first). */
export function Root() {
  const [config, setConfig] = useState<AppConfig | Error | null>(null);
  useEffect(() => {
    loadConfig().then(setConfig, (e: Error) => setConfig(e));
  }, []);
  if (config === null)
    return (
      <Bare>
        <Page title="carescore">
          <Loading />
        </Page>
      </Bare>
    );
  if (config instanceof Error)
    return (
      <Bare>
        <Page title="carescore">
          <Failure error={config} />
        </Page>
      </Bare>
    );
  return config.mode === 'aws' ? <AwsApp config={config} /> : <App />;
}

const expiredNote = 'Your sign-in has expired: sign in again to carry on.';

type SignInState = { kind: 'starting' } | { kind: 'out'; note?: string } | { kind: 'in'; user: SignedIn };

/** On AWS: finish a sign-in coming back from the managed login, or ask for one; then the app. */
function AwsApp({ config }: { config: AwsConfig }) {
  const auth = useMemo(() => new Auth(config.auth), [config]);
  const [state, setState] = useState<SignInState>({ kind: 'starting' });
  useEffect(() => {
    const signedOut = (note?: string) => {
      connectRemote(null);
      setState({ kind: 'out', note });
    };
    const start = async () => {
      if (Auth.isReturn(location.search)) {
        try {
          const back = await auth.completeSignIn(location.href);
          history.replaceState(null, '', `${location.pathname}${back}`);
        } catch (e) {
          history.replaceState(null, '', location.pathname);
          if (e instanceof SignInError) return signedOut(e.message);
          throw e;
        }
      }
      const { user, expired } = await auth.current();
      if (!user) return signedOut(expired ? expiredNote : undefined);
      connectRemote({
        apiUrl: config.apiUrl,
        idToken: user.idToken,
        onUnauthorized: () => {
          void auth.forget();
          signedOut(expiredNote);
        },
      });
      setState({ kind: 'in', user });
    };
    start().catch((e: Error) => signedOut(`The sign-in could not be read (${e.message}): sign in again.`));
  }, [auth, config]);

  if (state.kind === 'in')
    return <App account={{ email: state.user.email, onSignOut: () => void auth.signOut() }} />;
  return (
    <Bare>
      {state.kind === 'starting' ? (
        <Page title="carescore">
          <Loading />
        </Page>
      ) : (
        <SignIn note={state.note} onSignIn={() => auth.signIn(location.hash)} />
      )}
    </Bare>
  );
}

/** Who the header names: the provider (its name from the session), or the commissioner. */
function whoOf(session: Session, email: string | undefined): string {
  const identity = session.identity;
  if (identity.role === 'provider') {
    const name = session.providers.find((p) => p.provider_id === identity.provider_id)?.provider_name;
    return `provider ${identity.provider_id}${name ? ` – ${name}` : ''}${email ? ` (${email})` : ''}`;
  }
  return `commissioner${email ? ` (${email})` : ''}`;
}

const roleOf = (session: Session): Role =>
  session.identity.role === 'provider'
    ? { kind: 'provider', providerId: session.identity.provider_id }
    : { kind: 'commissioner' };

function App({ account }: { account?: { email: string | undefined; onSignOut: () => void } } = {}) {
  const route = useRoute();
  const signedIn = account !== undefined;
  const [chosen, setChosen] = useState<Role>(() => {
    const r = storedRole();
    if (!signedIn) actAs(r);
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
  }, [chosen]);
  useEffect(() => {
    getJson<MethodDoc>('/api/method').then(setMethod, () => setMethod(undefined));
  }, []);

  function switchRole(next: Role) {
    actAs(next);
    storeRole(next);
    setChosen(next);
    // Each role starts at its own first page.
    location.hash = href(next.kind === 'provider' ? 'due' : 'overview');
  }

  const loaded = session && !(session instanceof Error) ? session : null;
  // Signed in (AWS), the role is whoever the API says the token belongs to; locally, the switch's.
  const role: Role | undefined = signedIn ? (loaded ? roleOf(loaded) : undefined) : chosen;
  const section = route.path[0] ?? (role?.kind === 'provider' ? 'due' : 'overview');
  const who: Account | null =
    signedIn && session !== null
      ? {
          who: loaded ? whoOf(loaded, account.email) : (account.email ?? 'you'),
          onSignOut: account.onSignOut,
        }
      : null;
  // The switch shows when the server says it runs locally, and after a failed session too, so a
  // role the lake does not know can be switched away from; never where people sign in.
  const providers = loaded?.providers ?? [];
  return (
    <MethodContext.Provider value={method}>
      <Layout
        role={role}
        providers={providers}
        local={!signedIn && (loaded ? loaded.local === true : session instanceof Error)}
        section={section}
        onRole={switchRole}
        account={who}
      >
        {session instanceof Error ? (
          <Page title="carescore">
            <Failure error={session} />
          </Page>
        ) : role ? (
          pageFor(route, role, session)
        ) : (
          <Page title="carescore">
            <Loading />
          </Page>
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
  if (first === 'method') return <Method session={session} query={route.query} />;
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
