import { type FormEvent, useCallback, useId, useMemo, useState } from 'react';
import { type KeyUri, MAX_DEVICE_NAME_LENGTH, parseKeyUri } from '../../../protocol/index.js';
import { codeAccountFromUri, DEFAULT_DEVICE_NAME, enrolFromUri, type StoredAccount } from '../accounts.js';
import { errorMessage } from '../hooks.js';
import { createQrDecoder } from '../qr-decoder.js';
import { QrScanner } from './QrScanner.js';

interface Props {
  /** Stores the account; resolves once it is saved. */
  onAdded: (account: StoredAccount) => Promise<void>;
  onCancel?: () => void;
}

/**
 * Add account: the QR code by camera or image, or its otpauth:// URI pasted. A URI with a Gatehouse Key link
 * registers this browser (protocol §2); any other becomes a codes-only account.
 */
export function AddAccount({ onAdded, onCancel }: Props) {
  const [uri, setUri] = useState('');
  const [deviceName, setDeviceName] = useState(DEFAULT_DEVICE_NAME);
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ids = useId();

  const preview = useMemo((): KeyUri | undefined => {
    try {
      return uri.trim() ? parseKeyUri(uri) : undefined;
    } catch {
      return undefined;
    }
  }, [uri]);

  const scanned = useCallback((text: string) => {
    setScanning(false);
    setError(undefined);
    setUri(text);
  }, []);

  const readImage = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    try {
      const [decode, image] = await Promise.all([createQrDecoder(), createImageBitmap(file)]);
      const text = await decode(image);
      image.close();
      if (!text) throw new Error('No QR code was found in that image.');
      if (!/^otpauth:\/\//i.test(text.trim())) throw new Error('That QR code is not an otpauth:// link.');
      setUri(text.trim());
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!uri.trim()) {
      setError('Scan the QR code or paste its otpauth URI first.');
      return;
    }
    setBusy(true);
    try {
      const parsed = parseKeyUri(uri);
      await onAdded(parsed.enrollUrl ? await enrolFromUri(parsed, deviceName) : await codeAccountFromUri(parsed));
      setUri('');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card add-account" onSubmit={(event) => void submit(event)} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Add account</h2>
      <p className="muted">Scan the QR code of the OTP setup screen (choose Gatehouse Key there), or paste its link.</p>

      {scanning ? (
        <QrScanner onScanned={scanned} onClose={() => setScanning(false)} />
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setScanning(true)} disabled={busy}>
            Scan QR code
          </button>
          <label className="file-button">
            Read an image…
            <input
              type="file"
              accept="image/*"
              className="visually-hidden"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                void readImage(file);
              }}
              disabled={busy}
            />
          </label>
        </div>
      )}

      <label htmlFor={`${ids}-uri`}>otpauth URI</label>
      <textarea
        id={`${ids}-uri`}
        value={uri}
        onChange={(event) => setUri(event.target.value)}
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        placeholder="otpauth://totp/…"
        disabled={busy}
      />

      {preview && (
        <p className="muted small-text">
          {preview.enrollUrl
            ? `Registers this browser for ${preview.account}${preview.issuer ? ` (${preview.issuer})` : ''}: sign-ins can then be approved here.`
            : `Shows codes for ${preview.account}${preview.issuer ? ` (${preview.issuer})` : ''}. This QR code has no Gatehouse Key link, so sign-ins cannot be approved here.`}
        </p>
      )}
      {preview?.enrollUrl && (
        <>
          <label htmlFor={`${ids}-device`}>Device name</label>
          <input
            id={`${ids}-device`}
            type="text"
            value={deviceName}
            maxLength={MAX_DEVICE_NAME_LENGTH}
            onChange={(event) => setDeviceName(event.target.value)}
            disabled={busy}
            required
          />
        </>
      )}

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add'}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
