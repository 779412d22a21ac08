// Reads QR codes from camera frames or images: the browser's BarcodeDetector where it has one (Chrome on Android
// and macOS, Safari), else jsQR over the pixels, loaded only then (it is the app's largest part).

type FrameSource = HTMLVideoElement | ImageBitmap;
export type QrDecoder = (source: FrameSource) => Promise<string | null>;

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorConstructor {
  new (options: { formats: string[] }): { detect(source: FrameSource): Promise<DetectedBarcode[]> };
  getSupportedFormats(): Promise<string[]>;
}

// jsQR's time grows with the pixel count; a QR code held to the camera is readable well below this.
const MAX_DECODE_SIDE = 960;

export async function createQrDecoder(): Promise<QrDecoder> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  if (Detector) {
    const formats = await Detector.getSupportedFormats().catch(() => [] as string[]);
    if (formats.includes('qr_code')) {
      const detector = new Detector({ formats: ['qr_code'] });
      return async (source) => (await detector.detect(source))[0]?.rawValue ?? null;
    }
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot read images.');
  return async (source) => {
    const width = source instanceof HTMLVideoElement ? source.videoWidth : source.width;
    const height = source instanceof HTMLVideoElement ? source.videoHeight : source.height;
    if (!width || !height) return null;
    const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    // Both polarities: a QR code shown by a screen in dark mode is light on dark.
    return jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  };
}
