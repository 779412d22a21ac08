import { useSyncExternalStore } from 'react';

// pushState fires no event, so our own navigations announce themselves with this one.
const NAVIGATED_EVENT = 'gatehouse:navigated';

export interface NavigateOptions {
  replace?: boolean;
  /** Kept in history.state, e.g. a generated password to show once on the next screen. */
  state?: unknown;
}

export function navigateTo(url: string, { replace = false, state = null }: NavigateOptions = {}): void {
  if (replace) {
    window.history.replaceState(state, '', url);
  } else {
    window.history.pushState(state, '', url);
    window.scrollTo(0, 0);
  }
  window.dispatchEvent(new Event(NAVIGATED_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED_EVENT, onChange);
  };
}

const currentUrl = () => window.location.pathname + window.location.search;

/** The current path and query string; re-renders on every navigation. */
export function useBrowserUrl(): string {
  return useSyncExternalStore(subscribe, currentUrl);
}
