import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { navigateTo, useBrowserUrl, type NavigateOptions } from './browserHistory';

export interface Router {
  /** Path inside the console, e.g. "/users/42" for /admin/<domain>/users/42. */
  path: string;
  query: URLSearchParams;
  /** Full URL of a console path, for `href`s. */
  href: (to: string) => string;
  navigate: (to: string, options?: NavigateOptions) => void;
}

const RouterContext = createContext<Router | null>(null);

export function RouterProvider({ basePath, children }: { basePath: string; children: ReactNode }) {
  const url = useBrowserUrl();
  const router = useMemo<Router>(() => {
    const parsed = new URL(url, window.location.origin);
    const path = parsed.pathname.startsWith(basePath) ? parsed.pathname.slice(basePath.length) : parsed.pathname;
    const href = (to: string) => basePath + to;
    return {
      path: path === '' ? '/' : path,
      query: parsed.searchParams,
      href,
      navigate: (to, options) => navigateTo(href(to), options),
    };
  }, [url, basePath]);
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter must be used inside RouterProvider');
  return router;
}
