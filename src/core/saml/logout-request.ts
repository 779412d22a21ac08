import { ASSERTION, child, PROTOCOL, parseStrictly, UnreadableRequest } from './authn-request.js';

/** What Gatehouse takes from a service's LogoutRequest (SAML core §3.7.1). */
export interface LogoutRequestFields {
  id: string;
  issuer: string;
  nameId: string;
  sessionIndexes: string[];
}

/** Reads a LogoutRequest; its schema and signature are checked against its service afterwards. */
export function readLogoutRequest(xml: string): LogoutRequestFields {
  const root = parseStrictly(xml).documentElement;
  if (root.namespaceURI !== PROTOCOL || root.localName !== 'LogoutRequest')
    throw new UnreadableRequest('The SAMLRequest is not a LogoutRequest.');
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw new UnreadableRequest('The request has no valid ID.');
  const issuer = child(root, ASSERTION, 'Issuer')?.textContent?.trim() ?? '';
  if (!issuer) throw new UnreadableRequest('The request does not name its service (no Issuer).');
  const sessionIndexes = Array.from(root.childNodes)
    .filter((node): node is Element => node.nodeType === 1 && (node as Element).localName === 'SessionIndex')
    .map((node) => node.textContent?.trim() ?? '');
  return { id, issuer, nameId: child(root, ASSERTION, 'NameID')?.textContent?.trim() ?? '', sessionIndexes };
}
