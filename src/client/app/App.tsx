import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { RouterProvider } from 'react-router';
import { ApiProvider } from './ApiProvider.js';
import { router } from './routes.js';
import { useToken } from './sessionHooks.js';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md' });

export function App() {
  const token = useToken();
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      {/* Bottom corner: toasts must not cover the header's connection badge. */}
      <Notifications position="bottom-right" limit={5} />
      {/* Keyed by token: a new identity remounts every view, so no subscription keeps the old socket. */}
      <ApiProvider token={token} key={token ?? 'anonymous'}>
        <RouterProvider router={router} />
      </ApiProvider>
    </MantineProvider>
  );
}
