// Who the page acts as. Locally there is no sign-in: the "viewing as" switch picks a role, kept in
// this browser's storage, and every API call says it in the X-Carescore-As header.

export type Role = { kind: 'commissioner' } | { kind: 'provider'; providerId: string };

const key = 'carescore-as';

export function headerOf(role: Role): string {
  return role.kind === 'commissioner' ? 'commissioner' : `provider:${role.providerId}`;
}

export function parseRole(text: string | null | undefined): Role | null {
  if (text === 'commissioner') return { kind: 'commissioner' };
  const m = /^provider:([A-Za-z0-9_-]{1,40})$/.exec(text ?? '');
  return m ? { kind: 'provider', providerId: m[1]! } : null;
}

export function storedRole(): Role {
  try {
    return parseRole(localStorage.getItem(key)) ?? { kind: 'commissioner' };
  } catch {
    // Storage can be off (private browsing settings): the page still works, as the commissioner.
    return { kind: 'commissioner' };
  }
}

export function storeRole(role: Role): void {
  try {
    localStorage.setItem(key, headerOf(role));
  } catch {
    // Not kept across reloads when storage is off; the switch still applies to this page.
  }
}
