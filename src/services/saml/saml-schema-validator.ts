import { createRequire } from 'node:module';
import { XmlBufferInputProvider, XmlDocument, xmlRegisterInputProvider, XsdValidator } from 'libxml2-wasm';

/** The OASIS SAML 2.0 protocol schema and the schemas it imports, by the names its imports use. */
const SCHEMA_FILES = [
  'saml-schema-protocol-2.0.xsd',
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
] as const;

/** What samlify takes as the answer of a validation; a rejection is an invalid message. */
export const VALID = 'SUCCESS_VALIDATE_XML';
export const INVALID = 'ERR_EXCEPTION_VALIDATE_XML';

let compiled: XsdValidator | undefined;

/**
 * The schemas compiled once per process (about 20 ms): libxml2 (compiled to WebAssembly by libxml2-wasm) keeps the
 * compiled schema, so a message then validates in tens of microseconds. The schema texts are the OASIS and W3C
 * files as @authenio/samlify-node-xmllint ships them; they are served to libxml2 from memory, so nothing is read
 * from the disk or the network.
 */
function protocolSchema(): XsdValidator {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  const texts = Object.fromEntries(
    SCHEMA_FILES.map((name) => [
      name,
      (require(`@authenio/samlify-node-xmllint/build/schemas/${name}.js`) as { default: string }).default,
    ]),
  );
  const encoder = new TextEncoder();
  xmlRegisterInputProvider(
    new XmlBufferInputProvider(Object.fromEntries(SCHEMA_FILES.map((name) => [name, encoder.encode(texts[name])]))),
  );
  const schema = XmlDocument.fromString(texts['saml-schema-protocol-2.0.xsd']!, {
    url: 'saml-schema-protocol-2.0.xsd',
  });
  compiled = XsdValidator.fromDoc(schema);
  return compiled;
}

/**
 * samlify's schema validator: a SAML protocol message is valid only if the SAML 2.0 protocol schema accepts it. A
 * document type declaration is refused before parsing (no entity can be defined, let alone expanded or fetched).
 */
export async function validateSamlMessage(xml: string): Promise<string> {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new Error(INVALID);
  let document: XmlDocument;
  try {
    document = XmlDocument.fromString(xml);
  } catch {
    throw new Error(INVALID);
  }
  try {
    protocolSchema().validate(document);
    return VALID;
  } catch {
    throw new Error(INVALID);
  } finally {
    document.dispose();
  }
}
