import { Type } from 'typebox';

const domain = Type.String({ maxLength: 253, description: 'The tenant, e.g. example.com' });
const id = Type.String({ maxLength: 64 });

export const DomainParams = Type.Object({ domain });
/** A user, group, IP Set, template or signing key (SAML or OpenID Connect) of the tenant. */
export const IdParams = Type.Object({ domain, id });
export const SetupParams = Type.Object({ domain, id, setupId: id });
export const TokenParams = Type.Object({ domain, id, tokenId: id });
export const PassParams = Type.Object({ domain, id, passId: id });
/** A passkey of a user. */
export const UserPasskeyParams = Type.Object({ domain, id, passkeyId: id });
/** A client secret of an OpenID Connect client. */
export const ClientSecretParams = Type.Object({ domain, id, secretId: id });
