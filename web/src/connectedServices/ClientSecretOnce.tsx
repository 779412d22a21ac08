import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { CopyIcon } from '../components/CopyIcon';

/** A value with a copy button. */
export function CopyableValue({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code style={{ wordBreak: 'break-all' }} aria-label={label}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow>
            <ActionIcon variant="subtle" aria-label={`Copy ${label}`} onClick={copy}>
              <CopyIcon />
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/**
 * A client secret just made: Gatehouse keeps only its hash, so this is the one time anyone can see it. The warning
 * says so plainly, since a lost secret means a rotation.
 */
export function ClientSecretOnce({ secret }: { secret: string }) {
  return (
    <Alert color="orange" title="Copy the client secret now" role="status">
      <Stack gap="xs">
        <Text size="sm">
          This is the only time the secret is shown: Gatehouse keeps only a hash of it. Put it in the application&apos;s
          configuration now; if it is lost, rotate the secret.
        </Text>
        <CopyableValue label="client secret" value={secret} />
      </Stack>
    </Alert>
  );
}
