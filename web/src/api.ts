// The HTTP API (functions/api, its contract in scratch/api-contract.md): JSON whose columns are the
// SQL views' own, so the pages show exactly what the views say and only format it.
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

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('X-Carescore-As', headerOf(current));
  headers.set('Accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(
      0,
      'The carescore server could not be reached: check that `carescore serve` is running, then reload the page.',
    );
  }
  if (!response.ok) {
    let message = `The server answered ${response.status} ${response.statusText} for ${path}.`;
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === 'string' && body.error) message = body.error;
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
