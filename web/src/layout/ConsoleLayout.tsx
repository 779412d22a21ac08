import { AppShell, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { AdminOtpBanner } from '../adminOtp/AdminOtpBanner';
import { AdminPasskeyBanner } from '../adminOtp/AdminPasskeyBanner';
import { ConsoleHeader } from './ConsoleHeader';
import { ConsoleNavbar } from './ConsoleNavbar';

export function ConsoleLayout({ children }: { children: ReactNode }) {
  const [navbarOpened, navbar] = useDisclosure(false);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navbarOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <ConsoleHeader navbarOpened={navbarOpened} onToggleNavbar={navbar.toggle} />
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <ConsoleNavbar onNavigate={navbar.close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <AdminOtpBanner />
        <AdminPasskeyBanner />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
