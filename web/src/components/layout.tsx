// The frame of every page: skip link, header (our name, no crown or GOV.UK logo), the clearly
// marked local role switch, the service navigation for that role, main content, footer.
import type { ComponentChildren } from 'preact';
import type { Role } from '../role.ts';
import { href } from '../router.ts';
import type { ProviderRef } from '../types.ts';
import { RoleSwitch } from './role-switch.tsx';

interface NavItem {
  text: string;
  link: string;
  section: string;
}

function navFor(role: Role): NavItem[] {
  if (role.kind === 'provider')
    return [
      { text: "What's due", link: href('due'), section: 'due' },
      { text: 'Send a return', link: href('send'), section: 'send' },
      { text: 'My submissions', link: href('submissions'), section: 'submissions' },
      { text: 'My scorecard', link: href('scorecard'), section: 'scorecard' },
      { text: 'Method', link: href('method'), section: 'method' },
    ];
  return [
    { text: 'Overview', link: href('overview'), section: 'overview' },
    { text: 'Providers', link: href('providers'), section: 'providers' },
    { text: 'Clusters and trends', link: href('clusters'), section: 'clusters' },
    { text: 'Method', link: href('method'), section: 'method' },
  ];
}

/** On AWS: who is signed in (the header says so) and the way out; null when no one is. */
export interface Account {
  who: string;
  onSignOut: () => void;
}

export function Layout({
  role,
  providers,
  local,
  section,
  onRole,
  account,
  children,
}: {
  /** Undefined before anyone is known (signed out on AWS): no menu. */
  role?: Role;
  providers: ProviderRef[];
  /** Show the local "viewing as" switch (never where people sign in). */
  local: boolean;
  section: string;
  onRole: (role: Role) => void;
  account?: Account | null;
  children: ComponentChildren;
}) {
  return (
    <>
      <a href="#main-content" class="govuk-skip-link" data-testid="skip-link">
        Skip to main content
      </a>
      <header class="govuk-generic-header">
        <div class="govuk-generic-header__container govuk-width-container">
          <div class="govuk-generic-header__logo">
            <a href={href()} class="govuk-generic-header__homepage-link">
              carescore
            </a>
          </div>
          {account ? (
            <div class="cs-account" data-testid="account">
              <span class="cs-account__who">Signed in as {account.who}</span>
              <button type="button" class="cs-account__sign-out" onClick={account.onSignOut}>
                Sign out
              </button>
            </div>
          ) : null}
        </div>
      </header>
      {local && role ? <RoleSwitch role={role} providers={providers} onRole={onRole} /> : null}
      <section class="govuk-service-navigation" aria-label="Service information">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <span class="govuk-service-navigation__text">
                {role?.kind === 'provider'
                  ? `Home care returns – ${role.providerId}`
                  : 'Home care scorecards'}
              </span>
            </span>
            {role ? (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list" id="navigation">
                  {navFor(role).map((item) => {
                    const active = item.section === section;
                    return (
                      <li
                        key={item.section}
                        class={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                      >
                        <a
                          class="govuk-service-navigation__link"
                          href={item.link}
                          aria-current={active ? 'page' : undefined}
                        >
                          {active ? (
                            <strong class="govuk-service-navigation__active-fallback">{item.text}</strong>
                          ) : (
                            item.text
                          )}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            ) : null}
          </div>
        </div>
      </section>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer class="cs-footer">
        <div class="govuk-width-container">
          <p class="govuk-body-s govuk-!-margin-bottom-0">
            carescore: scorecards and KPIs for commissioned home care. The numbers shown are the SQL views'
            own.
          </p>
        </div>
      </footer>
    </>
  );
}
