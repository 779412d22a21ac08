import type { RequestBinding } from '../../core/saml/authn-request.js';
import { attributeTag, STATUS_RESPONSE_TEMPLATE } from '../../core/saml/login-response-template.js';
import { RSA_SHA256, type SamlPeers } from './saml-peers.js';
import { samlify } from './samlify.js';

/** A SAMLRequest as it arrived, with what its binding's signature covers. */
export interface IncomingSamlRequest {
  binding: RequestBinding;
  /** The SAMLRequest parameter, URL-decoded (still base64). */
  samlRequest: string;
  relayState: string;
  /** Redirect binding only: the signature algorithm and value, and the exact query text they sign. */
  sigAlg?: string;
  signature?: string;
  signedQuery?: string;
}

/**
 * A request as samlify's bindings read it: the Redirect binding URL-decodes its parameters once more and verifies the
 * signature over the query text as sent; the POST binding reads the form field.
 */
export function samlifyRequestOf(incoming: IncomingSamlRequest) {
  return incoming.binding === 'redirect'
    ? {
        query: {
          SAMLRequest: encodeURIComponent(incoming.samlRequest),
          SigAlg: incoming.sigAlg,
          Signature: incoming.signature,
        },
        octetString: incoming.signedQuery,
      }
    : { body: { SAMLRequest: incoming.samlRequest } };
}

export type RequestCheck = 'valid' | 'bad-signature' | 'bad-request';

/**
 * samlify checks the request against the XML schema and, when the service must sign its requests, the signature
 * with the service's certificate: over the query for the Redirect binding (only RSA-SHA256 is taken), or the
 * enveloped XML signature for the POST binding.
 */
export async function checkAuthnRequest(peers: SamlPeers, incoming: IncomingSamlRequest): Promise<RequestCheck> {
  const signed = peers.idp.entityMeta.isWantAuthnRequestsSigned();
  if (incoming.binding === 'redirect' && signed && incoming.sigAlg !== RSA_SHA256) return 'bad-signature';
  try {
    await peers.idp.parseLoginRequest(peers.sp, incoming.binding, samlifyRequestOf(incoming));
    return 'valid';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /SIG|SIGNATURE/i.test(message) ? 'bad-signature' : 'bad-request';
  }
}

/** What a successful response asserts; every value is XML-escaped by samlify as it fills the template. */
export interface LoginAssertion {
  destination: string;
  inResponseTo: string | null;
  nameId: string;
  nameIdFormat: string;
  sessionIndex: string;
  authnInstant: number;
  authnContext: string;
  attributeValues: string[];
  now: number;
  lifetimeMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The signed (and, when the service asks, encrypted) Response, base64 as the POST binding carries it. samlify signs
 * the assertion, the response or both as the service's settings say; with encryption, it encrypts before it signs
 * the response, so that the response's signature covers what the service receives.
 */
export async function createLoginResponse(peers: SamlPeers, assertion: LoginAssertion): Promise<string> {
  const { SamlLib } = samlify;
  const values: Record<string, string | undefined> = {
    Destination: assertion.destination,
    SubjectRecipient: assertion.destination,
    Audience: peers.sp.entityMeta.getEntityID(),
    Issuer: peers.idp.entityMeta.getEntityID(),
    IssueInstant: iso(assertion.now),
    StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    ConditionsNotBefore: iso(assertion.now),
    ConditionsNotOnOrAfter: iso(assertion.now + assertion.lifetimeMs),
    SubjectConfirmationDataNotOnOrAfter: iso(assertion.now + assertion.lifetimeMs),
    NameIDFormat: assertion.nameIdFormat,
    NameID: assertion.nameId,
    InResponseTo: assertion.inResponseTo ?? undefined,
    AuthnInstant: iso(assertion.authnInstant),
    SessionIndex: assertion.sessionIndex,
    AuthnContextClassRef: assertion.authnContext,
  };
  assertion.attributeValues.forEach((value, index) => {
    values[attributeTag(index)] = value;
  });
  const encrypt = peers.idp.entitySetting.isAssertionEncrypted === true;
  const result = await peers.idp.createLoginResponse(
    peers.sp,
    { extract: { request: { id: assertion.inResponseTo ?? '' } } },
    'post',
    {},
    {
      customTagReplacement: (template: string) => {
        const id = peers.idp.entitySetting.generateID!();
        const ids = { ID: id, AssertionID: peers.idp.entitySetting.generateID!() };
        return { id, context: SamlLib.replaceTagsByValue(template, { ...values, ...ids }) };
      },
      encryptThenSign: encrypt,
    },
  );
  return result.context;
}

/**
 * A status-only Response (no assertion), signed: Responder/NoPassive when the service asked for no page and nobody
 * is signed in. Signed by the same samlify call that signs every message.
 */
export function createStatusResponse(
  peers: SamlPeers,
  answer: { destination: string; inResponseTo: string; status: string; now: number },
): string {
  const { SamlLib } = samlify;
  const xml = SamlLib.replaceTagsByValue(STATUS_RESPONSE_TEMPLATE, {
    ID: peers.idp.entitySetting.generateID!(),
    IssueInstant: iso(answer.now),
    Destination: answer.destination,
    InResponseTo: answer.inResponseTo,
    Issuer: peers.idp.entityMeta.getEntityID(),
    SecondLevelStatusCode: answer.status,
  });
  return SamlLib.constructSAMLSignature({
    rawSamlMessage: xml,
    privateKey: peers.idp.entitySetting.privateKey as string,
    signingCert: peers.idp.entityMeta.getX509Certificate('signing') as string,
    signatureAlgorithm: RSA_SHA256,
    isMessageSigned: true,
    isBase64Output: true,
    signatureConfig: {
      prefix: 'ds',
      location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' },
    },
  });
}
