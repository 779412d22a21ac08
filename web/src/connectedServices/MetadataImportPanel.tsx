import type { ImportedSpMetadata } from '@contract/admin-api';
import { Alert, Button, FileButton, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { importSpMetadata } from '../api/connectedServices';
import { useApiCall } from '../api/useApiCall';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';

/** The server refuses more; reading a bigger file in the browser only to send it would be wasted. */
const MAX_FILE_BYTES = 256 * 1024;

interface MetadataImportPanelProps {
  /** Lays the settings the metadata gave over the form. */
  onImported: (imported: ImportedSpMetadata) => void;
}

/**
 * Import SP metadata: the administrator pastes the service provider's metadata or picks its file; the server reads
 * it (nothing is fetched from the network) and the settings it gives fill the form, to be checked and saved.
 */
export function MetadataImportPanel({ onImported }: MetadataImportPanelProps) {
  const { api, me } = useSession();
  const [xml, setXml] = useState('');
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { busy, error, run } = useApiCall();

  const readFile = async (file: File | null) => {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is larger than 256 KiB: is it the metadata of one service provider?`);
      return;
    }
    setXml(await file.text());
  };

  const submit = () =>
    run(async () => {
      setWarnings(null);
      const imported = await importSpMetadata(api, xml);
      onImported(imported);
      setWarnings(imported.warnings);
    });

  return (
    <Stack gap="xs">
      <Title order={3}>Import SP metadata</Title>
      <Text c="dimmed" size="sm">
        Paste the service provider's SAML metadata, or upload its file, to fill the settings below.
      </Text>
      <Textarea
        label="SP metadata XML"
        placeholder='<md:EntityDescriptor entityID="https://service.example.com" ...>'
        autosize
        minRows={3}
        maxRows={12}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        value={xml}
        onChange={(event) => setXml(event.currentTarget.value)}
      />
      <Group>
        <FileButton onChange={readFile} accept=".xml,application/xml,text/xml,application/samlmetadata+xml">
          {(props) => (
            <Button variant="default" {...props}>
              Upload metadata file
            </Button>
          )}
        </FileButton>
        <Button onClick={submit} loading={busy} disabled={xml.trim() === '' || !me.permissions.manageSystem}>
          Import
        </Button>
      </Group>
      <ErrorAlert error={fileError ?? error} />
      {warnings && (
        <Alert color={warnings.length > 0 ? 'yellow' : 'green'} role="status">
          <Text size="sm">Filled from the metadata: check the settings below, then save.</Text>
          {warnings.length > 0 && (
            <List size="sm" mt="xs">
              {warnings.map((warning) => (
                <List.Item key={warning}>{warning}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}
