import { notifications } from '@mantine/notifications';
import { describeError } from './describeError.js';

/** For failures of one-click actions, where an inline alert would have nowhere to live. */
export function notifyError(error: unknown): void {
  const { title, message, issues } = describeError(error);
  const details = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  notifications.show({ color: 'red', title, message: details ? `${message} ${details}` : message });
}
