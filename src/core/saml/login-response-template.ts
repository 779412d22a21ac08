import type { AttributeStatement } from '../sso/saml-settings.js';
import { ATTRIBUTE_NAME_FORMAT_URNS } from '../sso/saml-vocabulary.js';

/** Escapes text for XML element content and double-quoted attributes. */
export function escapeXml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

/** The placeholder of the n-th attribute's value, filled (and XML-escaped) by samlify at every response. */
export const attributeTag = (index: number): string => `Attr${index}`;

/** A password sign-in, with or without OTP: SAML authentication context classes (saml-authn-context §3.4). */
export const AUTHN_CONTEXT = {
  password: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  passwordAndOtp: 'urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken',
} as const;

/**
 * The Response a service receives (SAML core §3.3.3 and the Web Browser SSO profile §4.1.4.2): a bearer
 * SubjectConfirmation for one recipient, InResponseTo when the service asked, an audience restriction, a
 * validity window, an AuthnStatement with the session index, and the service's attribute statements.
 *
 * Only the structure is fixed here: attribute names come from the service's settings and are escaped now, and
 * every value is a `{Tag}` that samlify fills and escapes per response before it signs.
 */
export function loginResponseTemplate(attributes: readonly AttributeStatement[]): string {
  const statement =
    attributes.length === 0
      ? ''
      : '<saml:AttributeStatement>' +
        attributes
          .map(
            (attribute, index) =>
              `<saml:Attribute Name="${escapeXml(attribute.name)}" NameFormat="${
                ATTRIBUTE_NAME_FORMAT_URNS[attribute.nameFormat]
              }"><saml:AttributeValue xsi:type="xs:string">{${attributeTag(index)}}</saml:AttributeValue></saml:Attribute>`,
          )
          .join('') +
        '</saml:AttributeStatement>';
  return (
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
    ' ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">' +
    '<saml:Issuer>{Issuer}</saml:Issuer>' +
    '<samlp:Status><samlp:StatusCode Value="{StatusCode}"/></samlp:Status>' +
    '<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"' +
    ' ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">' +
    '<saml:Issuer>{Issuer}</saml:Issuer>' +
    '<saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID>' +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    '<saml:SubjectConfirmationData NotOnOrAfter="{SubjectConfirmationDataNotOnOrAfter}" Recipient="{SubjectRecipient}" InResponseTo="{InResponseTo}"/>' +
    '</saml:SubjectConfirmation></saml:Subject>' +
    '<saml:Conditions NotBefore="{ConditionsNotBefore}" NotOnOrAfter="{ConditionsNotOnOrAfter}">' +
    '<saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
    '<saml:AuthnStatement AuthnInstant="{AuthnInstant}" SessionIndex="{SessionIndex}">' +
    '<saml:AuthnContext><saml:AuthnContextClassRef>{AuthnContextClassRef}</saml:AuthnContextClassRef></saml:AuthnContext>' +
    '</saml:AuthnStatement>' +
    statement +
    '</saml:Assertion></samlp:Response>'
  );
}

/**
 * A Response without an assertion, for a request Gatehouse answers with a status only: `NoPassive` when the
 * service asked not to show any page (IsPassive) and nobody is signed in (SAML core §3.2.2.2).
 */
export const STATUS_RESPONSE_TEMPLATE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
  ' ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer>' +
  '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">' +
  '<samlp:StatusCode Value="{SecondLevelStatusCode}"/></samlp:StatusCode></samlp:Status>' +
  '</samlp:Response>';
