import { readFile } from 'node:fs/promises';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { CliError } from './cli-error.js';

// jsqr is CommonJS with an ES-style default export; depending on the loader the function is the module itself
// or its `default`.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/** The text of the QR code in a PNG image (what the OTP setup screen offers as qrPngUrl). */
export function decodeQrPng(bytes: Buffer, name = 'the image'): string {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new CliError(`${name} is not a readable PNG image (${(error as Error).message}).`);
  }
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  const qr = jsQR(pixels, png.width, png.height, { inversionAttempts: 'attemptBoth' });
  if (!qr?.data) throw new CliError(`No QR code found in ${name}.`);
  return qr.data;
}

/** An `otpauth://` URI given as is, or read from a PNG of the QR code (or a text file holding the URI). */
export async function readKeyUriArgument(argument: string): Promise<string> {
  if (/^otpauth:/i.test(argument.trim())) return argument.trim();
  let bytes: Buffer;
  try {
    bytes = await readFile(argument);
  } catch (error) {
    throw new CliError(
      `Cannot read ${argument}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
    );
  }
  if (isPng(bytes)) return decodeQrPng(bytes, argument);
  const text = bytes.toString('utf8').trim();
  if (/^otpauth:/i.test(text)) return text;
  throw new CliError(`${argument} is neither a PNG image of the QR code nor an otpauth:// link.`);
}
