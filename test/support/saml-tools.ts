import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What a SAML service provider's own tools would do with the IdP's metadata and signatures: libxml2's xmllint checks
 * the metadata against the OASIS schema (Debian's opensaml-schemas, with the W3C schemas it imports from
 * xmltooling-schemas, read offline through a catalog) and reads it with XPath; xmlsec1 verifies XML signatures.
 * None of them shares code with samlify, xml-crypto or node-forge.
 */
const SCHEMAS = '/usr/share/xml/opensaml/saml-schema-metadata-2.0.xsd';
const IMPORTED: Record<string, string> = {
  'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd':
    '/usr/share/xml/xmltooling/xmldsig-core-schema.xsd',
  'http://www.w3.org/TR/2002/REC-xmlenc-core-20021210/xenc-schema.xsd': '/usr/share/xml/xmltooling/xenc-schema.xsd',
  'http://www.w3.org/2001/xml.xsd': '/usr/share/xml/xmltooling/xml.xsd',
};
const NEEDED = ['/usr/bin/xmllint', '/usr/bin/xmlsec1', SCHEMAS, ...Object.values(IMPORTED)];

/** Why SAML interoperability tests cannot run, or false; CI must not skip them. */
export function samlToolsSkipReason(): string | false {
  const missing = NEEDED.filter((file) => {
    try {
      accessSync(file, constants.R_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return false;
  const reason =
    `SKIPPED: ${missing.join(', ')} missing (apt-get install libxml2-utils xmlsec1 opensaml-schemas ` +
    'xmltooling-schemas); SAML interoperability tests did not run.';
  if (process.env.CI) throw new Error(`${reason} CI must not skip them.`);
  console.warn(`\n*** ${reason} ***\n`);
  return reason;
}

function inTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-saml-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** xmllint's verdict on a metadata document against the SAML 2.0 metadata schema: '' when valid, else its errors. */
export function metadataSchemaErrors(xml: string): string {
  return inTempDir((dir) => {
    const catalog = path.join(dir, 'catalog.xml');
    writeFileSync(
      catalog,
      '<?xml version="1.0"?>\n<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n' +
        Object.entries(IMPORTED)
          .map(([name, file]) => `  <uri name="${name}" uri="file://${file}"/>\n`)
          .join('') +
        '</catalog>\n',
    );
    const file = path.join(dir, 'metadata.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', SCHEMAS, file], {
      encoding: 'utf8',
      env: { ...process.env, XML_CATALOG_FILES: catalog },
    });
    if (run.status === 0) return '';
    // Schema import notices are warnings; what matters is the verdict and the validity errors.
    return run.stderr
      .split('\n')
      .filter((line) => !/parser warning|Skipping import/.test(line))
      .join('\n');
  });
}

/** The text of every node an XPath 1.0 expression selects, as xmllint reads the document. */
export function xpathTexts(xml: string, expression: string): string[] {
  return inTempDir((dir) => {
    const file = path.join(dir, 'document.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--nonet', '--xpath', expression, file], { encoding: 'utf8' });
    // xmllint exits 10 when nothing matches.
    if (run.status === 10) return [];
    if (run.status !== 0) throw new Error(`xmllint --xpath ${expression} failed: ${run.stderr}`);
    return run.stdout.split('\n').filter((line) => line !== '');
  });
}

/** A certificate body from metadata (base64 DER, whitespace allowed) as PEM. */
export function pemOfCertificateBody(body: string): string {
  const base64 = body.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Whether xmlsec1 finds the enveloped signature of a SAML protocol message (ID attribute `ID`) valid with the public
 * key of `certificatePem` alone, as a service provider that trusts that certificate would check it.
 */
export function xmlsecVerifies(signedXml: string, certificatePem: string, rootElement: string): boolean {
  return inTempDir((dir) => {
    const document = path.join(dir, 'signed.xml');
    const certificate = path.join(dir, 'idp.pem');
    writeFileSync(document, signedXml);
    writeFileSync(certificate, certificatePem);
    const run = spawnSync(
      'xmlsec1',
      ['--verify', '--pubkey-cert-pem', certificate, '--id-attr:ID', rootElement, document],
      { encoding: 'utf8' },
    );
    return run.status === 0;
  });
}

/** What openssl says of a detached SHA-256 RSA signature over `data`, with the public key of `certificatePem`. */
export function opensslVerifies(data: Buffer, signature: Buffer, certificatePem: string): boolean {
  return inTempDir((dir) => {
    const files = { data: path.join(dir, 'data'), sig: path.join(dir, 'sig'), cert: path.join(dir, 'cert.pem') };
    writeFileSync(files.data, data);
    writeFileSync(files.sig, signature);
    writeFileSync(files.cert, certificatePem);
    const publicKey = path.join(dir, 'public.pem');
    execFileSync('openssl', ['x509', '-in', files.cert, '-noout', '-pubkey', '-out', publicKey]);
    const run = spawnSync('openssl', ['dgst', '-sha256', '-verify', publicKey, '-signature', files.sig, files.data], {
      encoding: 'utf8',
    });
    return run.status === 0 && run.stdout.includes('Verified OK');
  });
}
