import { hostname, userInfo } from 'node:os';
import { accountLabel, enrollDevice, KeyProtocolError, MAX_DEVICE_NAME_LENGTH } from '../protocol/index.js';
import { storeAccount } from './account-store.js';
import { CliError } from './cli-error.js';
import { readKeyUriArgument } from './qr-image.js';

/** What the device is called in the console when no --name is given: who and where, like SSH key comments. */
function defaultDeviceName(): string {
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host name alone still tells devices apart.
  }
  return (user ? `${user}@${hostname()}` : hostname()).slice(0, MAX_DEVICE_NAME_LENGTH) || 'gatehouse-key';
}

/**
 * A next step the server's message does not give: a refused first code usually means this computer's clock is off.
 * (The link refusals already say to show a new QR code.)
 */
function hintFor(error: KeyProtocolError): string {
  if (error.status === 400 && /one-time password/i.test(error.message)) {
    return "Check this computer's clock, then try again with the same QR code.";
  }
  return '';
}

export async function enrollCommand(input: string | undefined, deviceName: string | undefined): Promise<void> {
  if (!input) throw new CliError('Usage: gatehouse-key enroll <qr.png | otpauth-uri> [--name <device name>]', 2);
  const uri = await readKeyUriArgument(input);
  let account;
  try {
    account = await enrollDevice(uri, { deviceName: deviceName ?? defaultDeviceName() });
  } catch (error) {
    if (!(error instanceof KeyProtocolError)) throw error;
    const hint = hintFor(error);
    throw new CliError(`Registration failed: ${error.message}${hint ? `\n${hint}` : ''}`);
  }
  const { replaced } = await storeAccount(account);
  console.log('Registration completed');
  console.log(
    `Account: ${accountLabel(account)}, device "${account.deviceName}" (${account.deviceId})${replaced ? ', replacing the earlier registration' : ''}.`,
  );
}
