import samlify from 'samlify';
import { validateSamlMessage } from './saml-schema-validator.js';

/**
 * samlify as Gatehouse uses it: every import of samlify goes through here, so that no SAML message is ever read
 * without schema validation (saml-schema-validator.ts: libxml2 with the schemas compiled once).
 */
samlify.setSchemaValidator({ validate: validateSamlMessage });

export { samlify };
