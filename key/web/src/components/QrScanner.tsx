import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../hooks.js';
import { createQrDecoder } from '../qr-decoder.js';

const SCAN_INTERVAL_MS = 200;

/** The camera, read a few times a second until an otpauth:// QR code is in view. */
export function QrScanner({ onScanned, onClose }: { onScanned: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string>();
  const [hint, setHint] = useState('Hold the QR code in front of the camera.');

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    (async () => {
      if (!navigator.mediaDevices?.getUserMedia)
        throw new Error('This browser cannot use a camera here. Paste the otpauth URI instead.');
      const [media, decode] = await Promise.all([
        navigator.mediaDevices
          .getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
          .catch((error: unknown) => {
            throw new Error(cameraProblem(error));
          }),
        createQrDecoder(),
      ]);
      stream = media;
      const element = video.current;
      if (stopped || !element) return;
      element.srcObject = media;
      element.muted = true;
      await element.play();
      const scan = async () => {
        if (stopped) return;
        const text = element.readyState >= element.HAVE_CURRENT_DATA ? await decode(element).catch(() => null) : null;
        if (stopped) return;
        if (text && /^otpauth:\/\//i.test(text.trim())) {
          onScanned(text.trim());
          return;
        }
        if (text) setHint('That QR code is not an otpauth:// link. Scan the one on the OTP setup screen.');
        timer = setTimeout(() => void scan(), SCAN_INTERVAL_MS);
      };
      void scan();
    })().catch((error: unknown) => {
      if (!stopped) setProblem(errorMessage(error));
    });

    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [onScanned]);

  return (
    <div className="scanner">
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : (
        <>
          <video ref={video} className="camera" playsInline muted aria-label="Camera" />
          <p className="muted small-text" aria-live="polite">
            {hint}
          </p>
        </>
      )}
      <button type="button" className="secondary" onClick={onClose}>
        Stop scanning
      </button>
    </div>
  );
}

function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'Camera access was refused. Allow the camera for this site, or paste the otpauth URI instead.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No camera was found. Paste the otpauth URI instead.';
  if (name === 'NotReadableError') return 'The camera is in use by another app. Close it and try again.';
  return `The camera could not be started: ${errorMessage(error)}`;
}
