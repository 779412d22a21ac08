import QRCode from 'qrcode';

/** Medium error correction: readable from a screen at an angle, still small enough for long enrolment URIs. */
const OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 2 };

/** An SVG for inline use: only presentation attributes, no style attribute, so the strict CSP allows it. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg', width: 240 });
}

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: 320 });
}
