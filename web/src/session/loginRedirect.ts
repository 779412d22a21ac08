import { portalLoginUrl } from './portalLinks';

/** Where the browser is in the console now, for the login page to bring the admin back to. */
export const currentConsolePath = () => window.location.pathname + window.location.search;

/** Sends the browser to the portal login, which brings the admin back here afterwards. */
export function redirectToLogin(domain: string): void {
  window.location.assign(portalLoginUrl(domain, currentConsolePath()));
}
