import { useEffect } from 'react';
import { ComingSoonPage } from './components/ComingSoonPage';
import { NotFoundPage } from './components/NotFoundPage';
import { AddOidcClientPage } from './connectedServices/AddOidcClientPage';
import { AddSamlServicePage } from './connectedServices/AddSamlServicePage';
import { ConnectedServiceListPage } from './connectedServices/ConnectedServiceListPage';
import { EditConnectedServicePage } from './connectedServices/EditConnectedServicePage';
import { AddGroupPage } from './groups/AddGroupPage';
import { CopyGroupPage } from './groups/CopyGroupPage';
import { EditGroupPage } from './groups/EditGroupPage';
import { GroupListPage } from './groups/GroupListPage';
import { AddIpSetPage } from './ipSets/AddIpSetPage';
import { EditIpSetPage } from './ipSets/EditIpSetPage';
import { IpSetListPage } from './ipSets/IpSetListPage';
import { AccessLogsPage } from './logs/AccessLogsPage';
import { AdminOperationLogsPage } from './logs/AdminOperationLogsPage';
import { OtpSetupPage } from './otp/OtpSetupPage';
import { PolicyCheckPage } from './policyCheck/PolicyCheckPage';
import { AddPolicyTemplatePage } from './policyTemplates/AddPolicyTemplatePage';
import { EditPolicyTemplatePage } from './policyTemplates/EditPolicyTemplatePage';
import { PolicyTemplateListPage } from './policyTemplates/PolicyTemplateListPage';
import { useRouter } from './routing/Router';
import { matchRoute, routePaths } from './routing/routes';
import { DomainSettingsPage } from './system/DomainSettingsPage';
import { AddUserPage } from './users/AddUserPage';
import { UserDetailsPage } from './users/UserDetailsPage';
import { UserListPage } from './users/UserListPage';

/** Picks the page for the current console path. Pages with an id are keyed so another id starts afresh. */
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
      return <UserDetailsPage key={route.userId} userId={route.userId} />;
    case 'otpSetup':
      return <OtpSetupPage key={route.userId} userId={route.userId} />;
    case 'domainSettings':
      return <DomainSettingsPage />;
    case 'adminOperationLogs':
      return <AdminOperationLogsPage />;
    case 'accessLogs':
      return <AccessLogsPage />;
    case 'groupList':
      return <GroupListPage />;
    case 'addGroup':
      return <AddGroupPage />;
    case 'editGroup':
      return <EditGroupPage key={route.groupId} groupId={route.groupId} />;
    case 'copyGroup':
      return <CopyGroupPage key={route.groupId} groupId={route.groupId} />;
    case 'ipSetList':
      return <IpSetListPage />;
    case 'addIpSet':
      return <AddIpSetPage />;
    case 'editIpSet':
      return <EditIpSetPage key={route.ipSetId} ipSetId={route.ipSetId} />;
    case 'templateList':
      return <PolicyTemplateListPage />;
    case 'addTemplate':
      return <AddPolicyTemplatePage />;
    case 'editTemplate':
      return <EditPolicyTemplatePage key={route.templateId} templateId={route.templateId} />;
    case 'policyCheck':
      return <PolicyCheckPage />;
    case 'serviceList':
      return <ConnectedServiceListPage />;
    case 'addSamlService':
      return <AddSamlServicePage />;
    case 'addOidcClient':
      return <AddOidcClientPage />;
    case 'editService':
      return <EditConnectedServicePage key={route.serviceId} serviceId={route.serviceId} />;
    case 'comingSoon':
      return <ComingSoonPage title={route.title} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}
