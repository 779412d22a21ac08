import { createHmac } from 'node:crypto';
import { randomToken } from '../ids.js';

/** A new service's key for its pairwise NameIDs (stored in connected_services.subject_salt, never shown). */
export function newSubjectSalt(): string {
  return randomToken(32);
}

/**
 * The pairwise persistent NameID of a user at one service: opaque (it reveals nothing about the user), stable for
 * the life of the service (it depends on neither the login ID nor the master key, both of which can change), and
 * different at every service, so that two services cannot match their users by it. 43 characters of base64url,
 * within the 64 that the strictest service providers (Microsoft Entra ID) accept.
 */
export function pairwisePersistentId(subjectSalt: string, userId: string): string {
  return createHmac('sha256', Buffer.from(subjectSalt, 'base64url')).update(userId, 'utf8').digest('base64url');
}
