import { decodeSamlRequest, UnreadableRequest } from '../../core/saml/authn-request.js';
import { type LogoutRequestFields, readLogoutRequest } from '../../core/saml/logout-request.js';
import type { Store } from '../../store/database.js';
import { findSamlServiceByEntityId } from '../../store/connected-services.js';
import type { TenantRow } from '../../store/schema.js';
import type { SessionService } from '../session-service.js';
import { samlServiceSettingsOf } from '../sso/connected-service-rows.js';
import { type IncomingSamlRequest, samlifyRequestOf } from './saml-messages.js';
import type { SamlPeerCache } from './saml-peers.js';

export type LogoutOutcome =
  | { kind: 'refused'; status: number; message: string }
  /** Signed out, and the service has no Single Logout URL to be told at. */
  | { kind: 'signed-out' }
  | { kind: 'redirect'; url: string }
  | { kind: 'post'; url: string; serviceName: string; fields: Record<string, string> };

export const LOGOUT_MESSAGES = {
  unreadable: 'The sign-out request of the service could not be read.',
  unknownService: 'This service is not connected to Gatehouse, or it is disabled.',
  badSignature: 'The sign-out request of the service is not signed as required.',
} as const;

/**
 * SAML single logout, started by a service (SAML profiles §4.4): the service's LogoutRequest ends the browser's
 * Gatehouse session, and the service hears back at its Single Logout URL, with a LogoutResponse signed as
 * samlify signs every message. The request is read as carefully as an AuthnRequest, and verified with the
 * service's certificate when it must sign its requests.
 */
export class SamlLogoutService {
  constructor(
    private readonly deps: {
      store: Store;
      peers: SamlPeerCache;
      sessions: SessionService;
    },
  ) {}

  async logout(
    tenant: TenantRow,
    incoming: IncomingSamlRequest,
    sessionCookie: string | undefined,
    requestOrigin: string,
  ): Promise<LogoutOutcome> {
    let fields: LogoutRequestFields;
    try {
      const xml = decodeSamlRequest(incoming.samlRequest, incoming.binding);
      fields = readLogoutRequest(xml);
      if (incoming.binding === 'post') incoming = { ...incoming, samlRequest: Buffer.from(xml).toString('base64') };
    } catch (error) {
      if (!(error instanceof UnreadableRequest)) throw error;
      return { kind: 'refused', status: 400, message: LOGOUT_MESSAGES.unreadable };
    }
    const row = await findSamlServiceByEntityId(this.deps.store.db, tenant.id, fields.issuer);
    if (!row || row.status !== 'enabled')
      return { kind: 'refused', status: 403, message: LOGOUT_MESSAGES.unknownService };
    const { saml } = samlServiceSettingsOf(row);
    const peers = await this.deps.peers.peersOf(tenant, { id: row.id, updatedAt: row.updated_at, saml }, requestOrigin);
    try {
      await peers.idp.parseLogoutRequest(peers.sp, incoming.binding, samlifyRequestOf(incoming));
    } catch {
      return { kind: 'refused', status: 400, message: LOGOUT_MESSAGES.badSignature };
    }
    await this.deps.sessions.destroy(sessionCookie);
    if (!saml.sloUrl) return { kind: 'signed-out' };
    const requestInfo = { extract: { request: { id: fields.id } } };
    if (saml.sloBinding === 'HTTP-Redirect') {
      const answer = peers.idp.createLogoutResponse(peers.sp, requestInfo, 'redirect', incoming.relayState);
      return { kind: 'redirect', url: answer.context };
    }
    const answer = peers.idp.createLogoutResponse(peers.sp, requestInfo, 'post', incoming.relayState);
    const fieldsOut: Record<string, string> = { SAMLResponse: answer.context };
    if (incoming.relayState) fieldsOut.RelayState = incoming.relayState;
    return { kind: 'post', url: saml.sloUrl, serviceName: row.name, fields: fieldsOut };
  }
}
