// Gatehouse Key protocol client (docs/key-protocol.md). Isomorphic: WebCrypto, fetch and TextEncoder only, so the
// `gatehouse-key` command and the /key/ web app share it.
export { accountLabel, type KeyAccount, sameAccount } from './account.js';
export { base32ToBytes, base64urlToBytes, bytesToBase64url } from './base64url.js';
export { type DeviceKeyPair, type EcPublicJwk, generateDeviceKeyPair, importSigningKey } from './device-key.js';
export { enrollDevice, type EnrolOptions, MAX_DEVICE_NAME_LENGTH } from './enrolment.js';
export { type FetchLike, KeyProtocolError } from './http.js';
export { type ApprovalRequest, type Decision, type DecisionStatus, type DeviceInfo, KeyClient } from './key-client.js';
export { type KeyUri, KeyUriError, parseKeyUri } from './key-uri.js';
export {
  authorizationHeader,
  canonicalString,
  newNonce,
  sha256Base64url,
  SIGNATURE_VERSION,
  type SignatureInput,
  signCanonical,
} from './request-signing.js';
export {
  hotpCode,
  secondsLeftInStep,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  timeStepAt,
  totpCode,
  type TotpHash,
} from './totp.js';
