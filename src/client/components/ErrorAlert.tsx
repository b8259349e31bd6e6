import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { describeError } from '../utils/describeError.js';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, message, issues, code } = describeError(error);
  return (
    <Alert color={code === 'CONFLICT' ? 'orange' : 'red'} title={title} role="alert" data-error-code={code}>
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {issues.length > 0 && (
          <List size="sm">
            {issues.map((issue) => (
              <List.Item key={`${issue.field}:${issue.message}`}>
                <strong>{issue.field}</strong>: {issue.message}
              </List.Item>
            ))}
          </List>
        )}
        {onRetry && (
          <Button size="xs" variant="light" onClick={onRetry} w="fit-content">
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
