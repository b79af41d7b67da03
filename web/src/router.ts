// A hash router: every page is an address (#/overview?period=2025-12), so links, the back button and
// reloads work, and the server need only serve index.html at /.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string[];
  query: URLSearchParams;
}

function parseHash(hash: string): Route {
  const text = hash.startsWith('#/') ? hash.slice(2) : '';
  const [pathPart = '', queryPart = ''] = text.split('?', 2);
  const path = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  return { path, query: new URLSearchParams(queryPart) };
}

/** The address of a page: href('providers', id) → '#/providers/P001'. */
export function href(...parts: (string | Record<string, string | undefined>)[]): string {
  const segments: string[] = [];
  let query = '';
  for (const part of parts) {
    if (typeof part === 'string') segments.push(encodeURIComponent(part));
    else {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(part)) if (v !== undefined && v !== '') q.set(k, v);
      query = q.toString();
    }
  }
  return `#/${segments.join('/')}${query ? `?${query}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    // A hash that is no page's address (#main-content, from the skip link or an error summary) is a
    // place on the current page: the page stays.
    const onChange = () => {
      if (location.hash === '' || location.hash.startsWith('#/')) setRoute(parseHash(location.hash));
    };
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
