import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium's own connections get refused in the sandboxed runners. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/**
 * A context that fails the test on page errors, console errors and any request to
 * another host (the app must not load fonts or scripts from outside).
 */
export async function newContext(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1366, height: 900 },
  colorScheme: 'light' | 'dark' = 'light',
  timezoneId?: string,
): Promise<{ context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'en-US', colorScheme, ...(timezoneId ? { timezoneId } : {}) });
  context.setDefaultTimeout(10_000);
  const problems: string[] = [];
  const origin = new URL(baseURL).host;
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.host !== origin) problems.push(`outside request: ${request.url()}`);
  });
  context.on('page', (page) => watchPage(page, problems));
  return { context, problems };
}

function watchPage(page: Page, problems: string[]): void {
  // SHOPWIRE_DEBUG_WS=1 prints every socket frame, for when a live view goes quiet.
  if (process.env['SHOPWIRE_DEBUG_WS']) {
    page.on('websocket', (ws) => {
      const tag = `[ws ${page.url()}]`;
      ws.on('framesent', (f) => console.log(tag, 'sent', String(f.payload).slice(0, 160)));
      ws.on('framereceived', (f) => console.log(tag, 'recv', String(f.payload).slice(0, 160)));
      ws.on('close', () => console.log(tag, 'closed'));
    });
  }
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Expected while the server is down on purpose: the browser logs each refused socket/request.
    if (/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('artifacts', { recursive: true });
  await page.screenshot({ path: `artifacts/${name}.png`, fullPage: true });
}
