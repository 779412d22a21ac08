import type { User } from '@contract/admin-api';
import { Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useEffect } from 'react';
import { errorMessage } from '../api/ApiError';
import { useUserSearch } from './useUserSearch';

interface UserPickerProps {
  text: string;
  selected: User | null;
  error?: string;
  onTextChange: (text: string) => void;
  onSelect: (user: User | null) => void;
}

/**
 * User: type a login ID (GET /users?q=) and pick one of the matches. A match typed in full is picked by itself.
 */
export function UserPicker({ text, selected, error, onTextChange, onSelect }: UserPickerProps) {
  const search = useUserSearch(text);
  const typed = text.trim().toLowerCase();
  const exactMatch = search.matches.find((user) => user.loginId.toLowerCase() === typed);
  const showMatches = typed !== '' && !selected && search.matches.length > 0;

  useEffect(() => {
    if (!selected && exactMatch) onSelect(exactMatch);
  }, [selected, exactMatch, onSelect]);

  return (
    <Stack gap={4}>
      <TextInput
        label="User"
        description="Type a login ID and pick the user."
        placeholder="alice@example.com"
        autoComplete="off"
        required
        withAsterisk={false}
        value={text}
        error={error ?? (search.error ? errorMessage(search.error) : undefined)}
        onChange={(event) => {
          const value = event.currentTarget.value;
          onTextChange(value);
          if (selected && value.trim().toLowerCase() !== selected.loginId.toLowerCase()) onSelect(null);
        }}
      />
      {showMatches && (
        <Stack gap={2} role="list" aria-label="Matching users">
          {search.matches.map((user) => (
            <div role="listitem" key={user.id}>
              <UnstyledButton
                px="xs"
                py={4}
                onClick={() => {
                  onTextChange(user.loginId);
                  onSelect(user);
                }}
              >
                <Text size="sm">
                  {user.loginId}
                  {user.displayName && <Text span c="dimmed">{` — ${user.displayName}`}</Text>}
                </Text>
              </UnstyledButton>
            </div>
          ))}
        </Stack>
      )}
      {selected && (
        <Text size="sm" c="dimmed">
          Selected: {selected.loginId}
          {selected.groupName && ` (Access Policy Group: ${selected.groupName})`}
        </Text>
      )}
    </Stack>
  );
}
