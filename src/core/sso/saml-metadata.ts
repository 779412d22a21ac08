import { DOMParser } from '@xmldom/xmldom';
import { ValidationError } from '../validation-error.js';
import { normalizeCertificate } from './certificate.js';
import { type AcsUrl, MAX_ACS_URLS, type SamlSettings } from './saml-settings.js';
import { BINDING_URNS, NAME_ID_FORMAT_URNS, type NameIdFormat, type NameIdSource } from './saml-vocabulary.js';

/** SP metadata with a few certificates and endpoints is a few kilobytes; this leaves room for generous ones. */
export const MAX_METADATA_BYTES = 256 * 1024;

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const FIELD = 'xml';

/** The settings an SP metadata document gives, for the console to fill its form with, and what it left out. */
export interface ImportedSpMetadata {
  saml: Partial<SamlSettings>;
  warnings: string[];
}

/** What a NameIDFormat in the metadata asks for, and the value Gatehouse sends for it unless told otherwise. */
const NAME_ID_DEFAULTS: Record<NameIdFormat, NameIdSource> = {
  emailAddress: 'loginId',
  unspecified: 'loginId',
  persistent: 'pairwiseId',
  transient: 'transientId',
};

function fail(message: string): never {
  throw new ValidationError(message, FIELD);
}

/**
 * Reads a service provider's SAML 2.0 metadata (pasted or uploaded by an administrator) into SAML settings.
 * Nothing is fetched: a document type declaration is refused before parsing, so no DTD, no entity (internal or
 * external) and no entity expansion ever reaches the parser, and its size is bounded first. The parser's own
 * warnings count as errors, since @xmldom/xmldom recovers from mistakes (an unclosed tag) that a real XML parser
 * would reject.
 */
export function parseSpMetadata(input: unknown): ImportedSpMetadata {
  if (typeof input !== 'string') fail('The metadata must be XML text.');
  if (Buffer.byteLength(input, 'utf8') > MAX_METADATA_BYTES)
    fail(`The metadata is larger than ${MAX_METADATA_BYTES / 1024} KiB: import the metadata of one service provider.`);
  const xml = input.replace(/^\uFEFF/, '').trim();
  if (xml === '') fail('The metadata is empty: paste or upload the XML of the service provider.');
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    fail('The metadata contains a document type declaration (<!DOCTYPE or <!ENTITY): XML with DTDs is refused.');
  const root = parseXml(xml).documentElement;
  if (!root) fail('The metadata is not XML: it has no root element.');
  if (root.namespaceURI !== MD || !['EntityDescriptor', 'EntitiesDescriptor'].includes(root.localName ?? ''))
    fail(`The metadata's root element is <${root.nodeName}>, not a SAML 2.0 EntityDescriptor.`);
  const entities = root.localName === 'EntityDescriptor' ? [root] : descendants(root, MD, 'EntityDescriptor');
  const providers = entities.filter((entity) => children(entity, MD, 'SPSSODescriptor').length > 0);
  if (providers.length === 0)
    fail('The metadata has no SPSSODescriptor: it does not describe a SAML service provider.');
  if (providers.length > 1)
    fail(`The metadata describes ${providers.length} service providers: import the metadata of one.`);
  const entity = providers[0] as Element;
  const descriptor = children(entity, MD, 'SPSSODescriptor')[0] as Element;
  const protocols = (descriptor.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/);
  if (!protocols.includes(SAML2_PROTOCOL))
    fail('The SPSSODescriptor does not list SAML 2.0 in its protocolSupportEnumeration.');
  const entityId = (entity.getAttribute('entityID') ?? '').trim();
  if (entityId === '') fail('The EntityDescriptor has no entityID.');

  const warnings: string[] = [];
  const saml: Partial<SamlSettings> = { entityId, ...readEndpoints(descriptor, warnings) };
  Object.assign(saml, readNameIdFormat(descriptor, warnings), readCertificates(descriptor, warnings));
  saml.requireSignedRequests = isTrue(descriptor.getAttribute('AuthnRequestsSigned'));
  if (isTrue(descriptor.getAttribute('WantAssertionsSigned'))) saml.signing = 'both';
  if (saml.requireSignedRequests && !saml.signingCertificate)
    warnings.push('The metadata asks for signed AuthnRequests but holds no signing certificate: add it by hand.');
  return { saml, warnings };
}

function parseXml(xml: string): Document {
  const problems: string[] = [];
  const record = (message: unknown) => problems.push(String(message));
  const document = new DOMParser({
    locator: {},
    errorHandler: { warning: record, error: record, fatalError: record },
  }).parseFromString(xml, 'application/xml');
  const [first] = problems;
  if (first !== undefined) fail(`The metadata is not well-formed XML: ${describeProblem(first)}.`);
  return document;
}

/** "[xmldom warning]\tunclosed xml attribute\n@#[line:1,col:4]" → "unclosed xml attribute (line 1, column 4)". */
function describeProblem(message: string): string {
  const text = message.replace(/^\[xmldom [a-zA-Z]+\]\s*/, '').replace(/\s*@#\[line:.*$/s, '');
  const position = /@#\[line:(\d+),col:(\d+)\]/.exec(message);
  return position ? `${text} (line ${position[1]}, column ${position[2]})` : text;
}

function readEndpoints(descriptor: Element, warnings: string[]): Pick<SamlSettings, 'acsUrls'> & Partial<SamlSettings> {
  const acsUrls: AcsUrl[] = [];
  let explicitDefault = -1;
  let implicitDefault = -1;
  for (const [position, endpoint] of children(descriptor, MD, 'AssertionConsumerService').entries()) {
    const location = (endpoint.getAttribute('Location') ?? '').trim();
    const binding = endpoint.getAttribute('Binding') ?? '';
    if (binding !== BINDING_URNS['HTTP-POST']) {
      warnings.push(
        `The ACS URL ${location} uses the binding ${bindingName(binding)}; Gatehouse posts responses with HTTP-POST only, so it was left out.`,
      );
      continue;
    }
    if (acsUrls.length === MAX_ACS_URLS) {
      warnings.push(
        `The metadata lists more than ${MAX_ACS_URLS} ACS URLs; only the first ${MAX_ACS_URLS} were taken.`,
      );
      break;
    }
    const index = Number(endpoint.getAttribute('index'));
    const isDefault = endpoint.getAttribute('isDefault');
    if (isTrue(isDefault) && explicitDefault < 0) explicitDefault = acsUrls.length;
    if (isDefault !== 'false' && isDefault !== '0' && implicitDefault < 0) implicitDefault = acsUrls.length;
    acsUrls.push({
      url: location,
      binding: 'HTTP-POST',
      index: Number.isInteger(index) && index >= 0 && !acsUrls.some((acs) => acs.index === index) ? index : position,
      isDefault: false,
    });
  }
  if (acsUrls.length === 0)
    fail('The metadata has no AssertionConsumerService with the HTTP-POST binding, which Gatehouse needs.');
  // SAML metadata §2.2.3: the one marked isDefault, else the first not marked false, else the first.
  const chosen = explicitDefault >= 0 ? explicitDefault : implicitDefault >= 0 ? implicitDefault : 0;
  (acsUrls[chosen] as AcsUrl).isDefault = true;

  const logout = children(descriptor, MD, 'SingleLogoutService');
  const redirect = logout.find((service) => service.getAttribute('Binding') === BINDING_URNS['HTTP-Redirect']);
  const post = logout.find((service) => service.getAttribute('Binding') === BINDING_URNS['HTTP-POST']);
  const slo = redirect ?? post;
  if (!slo) {
    if (logout.length > 0)
      warnings.push('The Single Logout URLs of the metadata use bindings Gatehouse does not offer.');
    return { acsUrls, sloUrl: '' };
  }
  return {
    acsUrls,
    sloUrl: (slo.getAttribute('Location') ?? '').trim(),
    sloBinding: slo === redirect ? 'HTTP-Redirect' : 'HTTP-POST',
  };
}

function readNameIdFormat(descriptor: Element, warnings: string[]): Partial<SamlSettings> {
  const listed = children(descriptor, MD, 'NameIDFormat').map((element) => (element.textContent ?? '').trim());
  const formats = Object.entries(NAME_ID_FORMAT_URNS) as [NameIdFormat, string][];
  for (const urn of listed) {
    const known = formats.find(([, formatUrn]) => formatUrn === urn);
    if (known) {
      const [format] = known;
      return { nameIdFormat: format, nameIdSource: NAME_ID_DEFAULTS[format], nameIdAttribute: '' };
    }
  }
  if (listed.length > 0)
    warnings.push(`None of the NameID formats of the metadata (${listed.join(', ')}) is one Gatehouse sends.`);
  return {};
}

function readCertificates(descriptor: Element, warnings: string[]): Partial<SamlSettings> {
  const found: Record<'signing' | 'encryption', string[]> = { signing: [], encryption: [] };
  for (const key of children(descriptor, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use') ?? '';
    const texts = descendants(key, DS, 'X509Certificate').map((element) => element.textContent ?? '');
    // A key without `use` serves both purposes.
    if (use !== 'encryption') found.signing.push(...texts);
    if (use !== 'signing') found.encryption.push(...texts);
  }
  const settings: Partial<SamlSettings> = {};
  for (const use of ['signing', 'encryption'] as const) {
    const [first] = found[use];
    if (first === undefined) continue;
    const pem = normalizeCertificate(first, FIELD, `The ${use} certificate in the metadata`);
    if (use === 'signing') settings.signingCertificate = pem;
    else settings.encryptionCertificate = pem;
    if (found[use].length > 1)
      warnings.push(`The metadata lists ${found[use].length} ${use} certificates; the first was taken.`);
  }
  if (settings.encryptionCertificate)
    warnings.push('The metadata has an encryption certificate: tick Encrypt assertions if the service expects it.');
  return settings;
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function bindingName(urn: string): string {
  const known = Object.entries(BINDING_URNS).find(([, value]) => value === urn);
  return known ? known[0] : urn || '(none)';
}

function children(parent: Element, namespace: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling)
    if (
      node.nodeType === 1 &&
      (node as Element).namespaceURI === namespace &&
      (node as Element).localName === localName
    )
      out.push(node as Element);
  return out;
}

function descendants(parent: Element, namespace: string, localName: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(namespace, localName));
}
