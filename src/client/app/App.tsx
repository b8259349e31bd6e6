import { Anchor, createTheme, Loader, MantineProvider, Modal, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { RouterProvider } from 'react-router';
import { ApiProvider } from './ApiProvider.js';
import { router } from './routes.js';
import { useToken } from './sessionHooks.js';

// WCAG AA contrast in both schemes (checked by tests/browser/a11y.test.ts): Mantine's defaults put white
// on indigo.6 (4.3:1) and dimmed text at 3.3:1 (light) / 4.0:1 (dark); autoContrast picks dark text on
// light fills. Warnings use --shopwire-warning-text, a red that reads on either background.
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  defaultRadius: 'md',
  components: {
    // A link inside text must not be told apart by color alone; a dialog's close button needs a name.
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // Our loaders carry an aria-label, which a plain span may not: as a status, it is read out.
    Loader: Loader.extend({ defaultProps: { role: 'status' } }),
  },
});
const contrastVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--shopwire-warning-text': 'var(--mantine-color-red-9)',
    // Light buttons keep AA contrast when hovered too (indigo.9 on indigo.2 is 4.1:1, on indigo.1 5.3:1).
    '--mantine-color-indigo-light': 'var(--mantine-color-indigo-0)',
    '--mantine-color-indigo-light-hover': 'var(--mantine-color-indigo-1)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--shopwire-warning-text': 'var(--mantine-color-red-3)',
    // Mantine draws light and subtle buttons' text in shade 0 in the dark scheme: a red Cancel turned
    // near-white, no longer telling a danger apart. Red.3 stays red and keeps AA on the body and on hover.
    '--mantine-color-red-light-color': 'var(--mantine-color-red-3)',
  },
});

export function App() {
  const token = useToken();
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrastVariables} defaultColorScheme="auto">
      {/* Bottom corner: toasts must not cover the header's connection badge. */}
      <Notifications position="bottom-right" limit={5} />
      {/* Keyed by token: a new identity remounts every view, so no subscription keeps the old socket. */}
      <ApiProvider token={token} key={token ?? 'anonymous'}>
        <RouterProvider router={router} />
      </ApiProvider>
    </MantineProvider>
  );
}
