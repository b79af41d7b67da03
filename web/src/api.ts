// The HTTP API (functions/api, its contract in functions/api/CONTRACT.md): JSON whose columns are the
// SQL views' own, so the pages show exactly what the views say and only format it.
import { tokenExpiry } from './auth.ts';
import { headerOf, type Role } from './role.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let current: Role = { kind: 'commissioner' };

/** Every call from now on is made as this role. */
export function actAs(role: Role): void {
  current = role;
}

/** On AWS: the API's address, the signed-in person's ID token, and what to do when it is refused. */
interface Remote {
  apiUrl: string;
  idToken: string;
  onUnauthorized: () => void;
}
let remote: Remote | null = null;

/** Every call from now on goes to the API on AWS with this bearer token (no X-Carescore-As). */
export function connectRemote(given: Remote | null): void {
  remote = given;
}

/** True on AWS, signed in: uploads go by presigned POST (web/src/upload.ts). */
export function remoteMode(): boolean {
  return remote !== null;
}

/** Where a path of the API (`/api/…`, `/uploads`) is: this origin locally, `${apiUrl}…` on AWS. */
function apiAddress(path: string): string {
  return remote ? `${remote.apiUrl}${path.replace(/^\//, '')}` : path;
}

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  // A token that has run out is not sent: the person signs in again first.
  if (remote && (tokenExpiry(remote.idToken) ?? 0) * 1000 <= Date.now()) {
    remote.onUnauthorized();
    throw new ApiError(401, 'Your sign-in has expired: sign in again to carry on.');
  }
  if (remote) headers.set('Authorization', `Bearer ${remote.idToken}`);
  else headers.set('X-Carescore-As', headerOf(current));
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(apiAddress(path), { ...init, headers });
  } catch {
    throw new ApiError(
      0,
      remote
        ? 'The carescore API could not be reached: check your connection, then reload the page.'
        : 'The carescore server could not be reached: check that `carescore serve` is running, then reload the page.',
    );
  }
  if (response.status === 401 && remote) {
    remote.onUnauthorized();
    throw new ApiError(401, 'Your sign-in has expired: sign in again to carry on.');
  }
  if (!response.ok) {
    let message = `The server answered ${response.status} ${response.statusText} for ${path}.`;
    try {
      // The app's errors are {error}; API Gateway's and the upload Lambda's are {message}.
      const body = (await response.json()) as { error?: unknown; message?: unknown };
      if (typeof body.error === 'string' && body.error) message = body.error;
      else if (typeof body.message === 'string' && body.message) message = body.message;
    } catch {
      // Not JSON: the status line is all there is to say.
    }
    throw new ApiError(response.status, message);
  }
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await send(path)).json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await send(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return (await response.json()) as T;
}

export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return (await (await send(path, { method: 'POST', body: form })).json()) as T;
}

/**
 * Saves a file the API serves (a template) as a download. On AWS a plain link cannot carry the
 * bearer token, so the file is fetched with it and handed to the browser from memory.
 */
export async function saveFromApi(path: string, fileName: string): Promise<void> {
  const blob = await (await send(path, { headers: { Accept: '*/*' } })).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
