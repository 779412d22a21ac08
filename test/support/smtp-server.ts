import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the server received it, with its plain-text body decoded. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

/** "Subject: a\r\n b" → one line per header; names lower-cased. */
function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBody(body: string, transferEncoding: string): string {
  switch (transferEncoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    default:
      return body;
  }
}

/** Enough MIME for the single-part text mails Gatehouse sends. */
function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(split >= 0 ? raw.slice(0, split) : raw);
  const body = split >= 0 ? raw.slice(split + 4) : '';
  return {
    from,
    to,
    subject: headers.get('subject') ?? '',
    text: decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit').replace(/\r\n/g, '\n'),
    raw,
  };
}

/**
 * A real SMTP server on 127.0.0.1 (random port), in the test's own process: it accepts every message and keeps
 * it, or refuses every recipient with 550 while `rejecting` is set. No TLS and no AUTH, as SMTP_URL `smtp://`
 * to a loopback relay would be.
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** While true, every recipient is refused (550), so sending fails as with a broken or strict mail server. */
  rejecting = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<TestSmtpServer> {
    let instance: TestSmtpServer | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (instance?.rejecting) {
          const refusal = Object.assign(new Error(`Mailbox unavailable: ${address.address}`), { responseCode: 550 });
          return callback(refusal);
        }
        return callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const to = session.envelope.rcptTo.map((r) => r.address);
          instance?.receive(parseMail(Buffer.concat(chunks).toString('utf8'), from, to));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    instance = new TestSmtpServer(server, (server.server.address() as AddressInfo).port);
    return instance;
  }

  /** What to put in SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  messagesTo(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  /** The first message (counting from `after`) to the address, waiting up to `timeoutMs` for it to arrive. */
  async waitForMessage(address: string, options: { after?: number; timeoutMs?: number } = {}): Promise<ReceivedMail> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (;;) {
      const found = this.messagesTo(address)[options.after ?? 0];
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no mail to ${address} arrived within ${options.timeoutMs ?? 5000} ms (${this.messages.length} received in all)`,
        );
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(mail: ReceivedMail): void {
    this.messages.push(mail);
    for (const wake of [...this.waiters]) wake();
  }
}
