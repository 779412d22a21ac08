import { useEffect } from 'react';
import { ComingSoonPage } from './components/ComingSoonPage';
import { NotFoundPage } from './components/NotFoundPage';
import { AdminOperationLogsPage } from './logs/AdminOperationLogsPage';
import { OtpSetupPage } from './otp/OtpSetupPage';
import { useRouter } from './routing/Router';
import { matchRoute, routePaths } from './routing/routes';
import { DomainSettingsPage } from './system/DomainSettingsPage';
import { AddUserPage } from './users/AddUserPage';
import { UserDetailsPage } from './users/UserDetailsPage';
import { UserListPage } from './users/UserListPage';

/** Picks the page for the current console path. */
export function ConsolePages() {
  const router = useRouter();
  const route = matchRoute(router.path);

  useEffect(() => {
    if (route.page === 'home') router.navigate(routePaths.userList, { replace: true });
  }, [route.page, router]);

  switch (route.page) {
    case 'home':
      return null;
    case 'userList':
      return <UserListPage />;
    case 'addUser':
      return <AddUserPage />;
    case 'userDetails':
      // Keyed so that moving between two users starts from a fresh form.
      return <UserDetailsPage key={route.userId} userId={route.userId} />;
    case 'otpSetup':
      return <OtpSetupPage key={route.userId} userId={route.userId} />;
    case 'domainSettings':
      return <DomainSettingsPage />;
    case 'adminOperationLogs':
      return <AdminOperationLogsPage />;
    case 'comingSoon':
      return <ComingSoonPage title={route.title} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}
