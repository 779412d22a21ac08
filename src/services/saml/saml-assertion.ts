import { randomToken } from '../../core/ids.js';
import { AUTHN_CONTEXT } from '../../core/saml/login-response-template.js';
import { pairwisePersistentId } from '../../core/sso/pairwise-id.js';
import type { AttributeStatement, SamlSettings } from '../../core/sso/saml-settings.js';
import { NAME_ID_FORMAT_URNS, type NameIdSource } from '../../core/sso/saml-vocabulary.js';
import type { ConnectedServiceRow, UserRow } from '../../store/schema.js';
import type { ActiveSession } from '../session-service.js';
import type { LoginAssertion } from './saml-messages.js';

type AboutTheUser = Pick<
  LoginAssertion,
  'nameId' | 'nameIdFormat' | 'authnInstant' | 'authnContext' | 'attributeValues'
>;

const customAttributesOf = (user: UserRow): Record<string, string> =>
  JSON.parse(user.attributes) as Record<string, string>;

function nameIdOf(source: NameIdSource, attribute: string, user: UserRow, row: ConnectedServiceRow): string {
  switch (source) {
    case 'loginId':
      return user.login_id;
    case 'email':
      return user.email || user.login_id;
    case 'customAttribute':
      return customAttributesOf(user)[attribute] ?? '';
    case 'pairwiseId':
      return pairwisePersistentId(row.subject_salt, user.id);
    case 'transientId':
      // A new opaque ID at each sign-on: the service cannot recognise the user from one sign-on to the next.
      return `_${randomToken(24)}`;
  }
}

function attributeValueOf(attribute: AttributeStatement, user: UserRow, groupName: string): string {
  switch (attribute.source) {
    case 'loginId':
      return user.login_id;
    case 'email':
      return user.email;
    case 'displayName':
      return user.display_name;
    case 'familyName':
      return user.family_name;
    case 'givenName':
      return user.given_name;
    case 'customAttribute':
      return customAttributesOf(user)[attribute.value] ?? '';
    case 'group':
      return groupName;
    case 'constant':
      return attribute.value;
  }
}

/** What the Response says about the signed-in user, as the service's settings ask. */
export function assertionOf(
  row: ConnectedServiceRow,
  saml: SamlSettings,
  active: ActiveSession,
  groupName: string,
): AboutTheUser {
  const { user, session } = active;
  return {
    nameId: nameIdOf(saml.nameIdSource, saml.nameIdAttribute, user, row),
    nameIdFormat: NAME_ID_FORMAT_URNS[saml.nameIdFormat],
    authnInstant: session.created_at,
    authnContext: session.otp_verified_at > 0 ? AUTHN_CONTEXT.passwordAndOtp : AUTHN_CONTEXT.password,
    attributeValues: saml.attributes.map((attribute) => attributeValueOf(attribute, user, groupName)),
  };
}
