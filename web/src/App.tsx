import { MantineProvider } from '@mantine/core';
import { AdminOtpStatusProvider } from './adminOtp/AdminOtpStatusProvider';
import { ConsolePages } from './ConsolePages';
import { NotFoundPage } from './components/NotFoundPage';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { RouterProvider } from './routing/Router';
import { consoleBasePath } from './routing/consoleBase';
import { SessionGate } from './session/SessionGate';

export function App({ domain, cspNonce }: { domain: string | null; cspNonce: string }) {
  return (
    <MantineProvider getStyleNonce={() => cspNonce} defaultColorScheme="light">
      {domain === null ? (
        <NotFoundPage />
      ) : (
        <SessionGate domain={domain}>
          <RouterProvider basePath={consoleBasePath(domain)}>
            <AdminOtpStatusProvider>
              <ConsoleLayout>
                <ConsolePages />
              </ConsoleLayout>
            </AdminOtpStatusProvider>
          </RouterProvider>
        </SessionGate>
      )}
    </MantineProvider>
  );
}
