import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { SessionService } from '../../../services/session-service.js';
import { SESSION_COOKIE } from '../../plugins/cookies.js';

/**
 * RP-initiated logout signs the user out of Gatehouse too, not only out of the engine's record of the session: a
 * user who logs out of an application and walks away must not leave a browser that signs the next person in.
 * Only when the user confirmed with "Yes, log me out" (`logout=yes`); declining keeps both sessions.
 */
export function endGatehouseSessionOnLogout(provider: Provider, sessions: SessionService): void {
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => {
    await next();
    if (ctx.oidc?.route !== 'end_session_confirm' || ctx.status >= 400 || !ctx.oidc.params?.logout) return;
    await sessions.destroy(ctx.cookies.get(SESSION_COOKIE));
    ctx.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.secure });
  });
}
