/**
 * The admin API's contract (docs/admin-api.md): its request and response shapes as TypeBox schemas, and their
 * types. The server validates, serialises and documents (/api/docs) with the schemas; the console and the tests
 * import the types. Nothing here does I/O, so any of them can import it; the console imports types only, which
 * keeps TypeBox out of its bundle.
 */
export * from './common.js';
export * from './connected-services.js';
export * from './errors.js';
export * from './logs.js';
export * from './oidc-signing-keys.js';
export * from './otp.js';
export * from './params.js';
export * from './passkeys.js';
export * from './policies.js';
export * from './saml-signing-keys.js';
export * from './session.js';
export * from './settings.js';
export * from './sign-in-policy.js';
export * from './signing-keys.js';
export * from './users.js';
