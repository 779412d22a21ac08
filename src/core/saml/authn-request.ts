import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';

/** An AuthnRequest is a kilobyte or two; these bounds leave room for extensions and a signature with its key. */
export const MAX_ENCODED_REQUEST_CHARS = 64 * 1024;
export const MAX_REQUEST_XML_BYTES = 128 * 1024;
/** RelayState: at most 80 bytes by SAML bindings §3.4.3; services send more in practice, but not this much. */
export const MAX_RELAY_STATE_CHARS = 4096;

export const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

export type RequestBinding = 'redirect' | 'post';

/** Why a request could not even be read; the caller logs it and shows the user a page, never a 5xx. */
export class UnreadableRequest extends Error {}

/** What Gatehouse takes from an AuthnRequest (SAML core §3.4.1), before it is validated against its service. */
export interface AuthnRequestFields {
  xml: string;
  id: string;
  issuer: string;
  issueInstant: number;
  destination: string;
  acsUrl: string;
  acsIndex: number | null;
  protocolBinding: string;
  forceAuthn: boolean;
  isPassive: boolean;
  nameIdFormat: string;
}

/**
 * The XML of a SAMLRequest parameter: base64 for the POST binding, base64 of raw DEFLATE for the Redirect binding.
 * Some service providers (node-saml and passport-saml by default) deflate POST-binding requests too, against the
 * binding; such a request is inflated like a Redirect-binding one rather than refused. Sizes are bounded before and
 * while decoding, so a small request that inflates to gigabytes stops at the bound.
 */
export function decodeSamlRequest(encoded: string, binding: RequestBinding): string {
  if (encoded.length === 0) throw new UnreadableRequest('The request has no SAMLRequest.');
  if (encoded.length > MAX_ENCODED_REQUEST_CHARS) throw new UnreadableRequest('The SAMLRequest is too large.');
  if (!/^[A-Za-z0-9+/=\s]+$/.test(encoded)) throw new UnreadableRequest('The SAMLRequest is not base64.');
  const bytes = Buffer.from(encoded, 'base64');
  if (binding === 'post' && bytes.toString('utf8', 0, 64).trimStart().startsWith('<')) {
    if (bytes.length > MAX_REQUEST_XML_BYTES) throw new UnreadableRequest('The SAMLRequest is too large.');
    return bytes.toString('utf8');
  }
  try {
    return inflateRawSync(bytes, { maxOutputLength: MAX_REQUEST_XML_BYTES }).toString('utf8');
  } catch {
    throw new UnreadableRequest('The SAMLRequest is not DEFLATE-compressed as the Redirect binding requires.');
  }
}

/** Parses a SAML message with no DTD and no recovery from mistakes: a warning of the parser is an error. */
export function parseStrictly(xml: string): Document {
  // No DTD ever reaches the parser: no entity, internal or external, can be defined or expanded.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    throw new UnreadableRequest('The request contains a document type declaration, which is refused.');
  const problems: string[] = [];
  const document = new DOMParser({
    locator: {},
    errorHandler: {
      warning: (message: string) => problems.push(message),
      error: (message: string) => problems.push(message),
      fatalError: (message: string) => problems.push(message),
    },
  }).parseFromString(xml, 'text/xml');
  if (problems.length > 0 || !document.documentElement) throw new UnreadableRequest('The request is not valid XML.');
  return document as unknown as Document;
}

/** The first child element of `parent` with this namespace and local name. */
export const child = (parent: Element, namespace: string, name: string): Element | undefined =>
  Array.from(parent.childNodes).find(
    (node): node is Element =>
      node.nodeType === 1 && (node as Element).namespaceURI === namespace && (node as Element).localName === name,
  );

const instant = (value: string): number => {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new UnreadableRequest('The request has no valid IssueInstant (UTC, as SAML requires).');
  return ms;
};

/** Reads the fields of an AuthnRequest; the schema and the signature are checked against its service afterwards. */
export function readAuthnRequest(xml: string): AuthnRequestFields {
  const root = parseStrictly(xml).documentElement;
  if (root.namespaceURI !== PROTOCOL || root.localName !== 'AuthnRequest')
    throw new UnreadableRequest('The SAMLRequest is not an AuthnRequest.');
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw new UnreadableRequest('The request has no valid ID.');
  const issuer = child(root, ASSERTION, 'Issuer')?.textContent?.trim() ?? '';
  if (!issuer) throw new UnreadableRequest('The request does not name its service (no Issuer).');
  const index = root.getAttribute('AssertionConsumerServiceIndex');
  if (index && !/^\d{1,5}$/.test(index)) throw new UnreadableRequest('The AssertionConsumerServiceIndex is invalid.');
  return {
    xml,
    id,
    issuer,
    issueInstant: instant(root.getAttribute('IssueInstant') ?? ''),
    destination: root.getAttribute('Destination') ?? '',
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? '',
    acsIndex: index ? Number(index) : null,
    protocolBinding: root.getAttribute('ProtocolBinding') ?? '',
    forceAuthn: root.getAttribute('ForceAuthn') === 'true' || root.getAttribute('ForceAuthn') === '1',
    isPassive: root.getAttribute('IsPassive') === 'true' || root.getAttribute('IsPassive') === '1',
    nameIdFormat: child(root, PROTOCOL, 'NameIDPolicy')?.getAttribute('Format') ?? '',
  };
}
