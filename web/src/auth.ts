// Sign-in on AWS (functions/api/CONTRACT.md part 3 §2): Cognito's managed login, OAuth 2.0 authorisation
// code with PKCE (S256), a public client. oidc-client-ts does the protocol (state, PKCE, the token
// exchange). Cognito's discovery document has no end_session_endpoint: signing out goes to the
// managed login's /logout itself, with the client_id and logout_uri it wants. Tokens and the sign-in's state are
// kept in sessionStorage only: they go when the tab closes, and never into localStorage.
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AwsAuth } from './config.ts';

export interface SignedIn {
  /** Sent as `Authorization: Bearer …`: the ID token carries custom:provider_id and cognito:groups. */
  idToken: string;
  /** The e-mail address the person signed in with, when the token has one. */
  email: string | undefined;
}

/** A sign-in that failed on the way back from the managed login: one sentence for the page. */
export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The seconds since the epoch a JWT's `exp` claim names, or undefined when it has none. */
export function tokenExpiry(jwt: string): number | undefined {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

export class Auth {
  private readonly manager: UserManager;

  constructor(private readonly auth: AwsAuth) {
    const store = new WebStorageStateStore({ store: sessionStorage });
    this.manager = new UserManager({
      authority: auth.authority,
      client_id: auth.clientId,
      redirect_uri: auth.redirectUri,
      post_logout_redirect_uri: auth.logoutUri,
      response_type: 'code',
      scope: auth.scopes.join(' '),
      userStore: store,
      stateStore: store,
      // Cognito has no prompt=none for a silent renew in a frame; an expired sign-in signs in again.
      automaticSilentRenew: false,
      loadUserInfo: false,
    });
  }

  /** True when the address is the managed login sending the person back (?code=…&state=…). */
  static isReturn(search: string): boolean {
    const query = new URLSearchParams(search);
    return query.has('state') && (query.has('code') || query.has('error'));
  }

  /**
   * Finishes a sign-in the managed login sent back to this address: the code is exchanged for the
   * tokens (with the PKCE verifier kept in this tab). Resolves to the page's address the person
   * started from.
   */
  async completeSignIn(url: string): Promise<string> {
    const query = new URLSearchParams(new URL(url).search);
    const error = query.get('error');
    if (error)
      throw new SignInError(
        `The sign-in was refused (${query.get('error_description') ?? error}): sign in again, and ask the council if it keeps happening.`,
      );
    let user: User;
    try {
      user = await this.manager.signinRedirectCallback(url);
    } catch (e) {
      throw new SignInError(
        `The sign-in could not be finished (${(e as Error).message}): sign in again from this page.`,
      );
    }
    return typeof user.state === 'string' && user.state.startsWith('#/') ? user.state : '';
  }

  /** Who is signed in in this tab; null when no one is. `expired` says a sign-in ran out. */
  async current(now = Date.now()): Promise<{ user: SignedIn | null; expired: boolean }> {
    const user = await this.manager.getUser();
    if (!user?.id_token) return { user: null, expired: false };
    const exp = tokenExpiry(user.id_token);
    if (user.expired || exp === undefined || exp * 1000 <= now) {
      await this.manager.removeUser();
      return { user: null, expired: true };
    }
    const email = typeof user.profile.email === 'string' ? user.profile.email : undefined;
    return { user: { idToken: user.id_token, email }, expired: false };
  }

  /** To the managed login; back at redirectUri, then to `returnTo` (this page's address). */
  signIn(returnTo: string): Promise<void> {
    return this.manager.signinRedirect({ state: returnTo });
  }

  /** Forgets the tokens here; a sign-in that ran out or was refused by the API. */
  forget(): Promise<void> {
    return this.manager.removeUser();
  }

  /** Forgets the tokens, then ends the managed login's session (it sends the browser to logoutUri). */
  async signOut(): Promise<void> {
    await this.manager.removeUser();
    const query = new URLSearchParams({ client_id: this.auth.clientId, logout_uri: this.auth.logoutUri });
    location.assign(`${this.auth.domain}/logout?${query}`);
  }
}
