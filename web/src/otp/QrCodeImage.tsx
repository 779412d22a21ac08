import { Box } from '@mantine/core';

/**
 * The server's QR code SVG, inline. The markup is trusted server output (the server renders it from the
 * otpauth URI, with presentation attributes only, so the strict CSP allows it).
 */
export function QrCodeImage({ svg }: { svg: string }) {
  return (
    <Box
      data-testid="otp-qr"
      role="img"
      aria-label="QR code"
      w={240}
      h={240}
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
