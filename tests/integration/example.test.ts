import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { DEMO } from '../../src/server/seed.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'true' });
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

it("the README's buyer example signs in, orders, pays, and prints each step until delivered", async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/buyer.ts'], {
    env: { ...process.env, SHOPWIRE_URL: server.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const seen = (text: string) => new Promise<void>((resolve) => {
    const check = () => lines.some((l) => l.includes(text)) && resolve();
    createInterface({ input: child.stdout }).on('line', (l) => (lines.push(l), check()));
    check();
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  await seen('placed -> pending');
  const orderId = /Order (\S+):/.exec(lines[0] ?? '')?.[1] ?? '';
  await using seller = connect(server.url);
  const { token } = await seller.api.auth.login.mutate({ email: DEMO.seller.email, password: DEMO.seller.password });
  await using signedIn = connect(server.url, token);
  await signedIn.api.order.updateStatus.mutate({ orderId, status: 'confirmed' });
  await signedIn.api.order.updateStatus.mutate({ orderId, status: 'shipped', trackingNumber: '1Z999AA10123456784' });
  await signedIn.api.order.updateStatus.mutate({ orderId, status: 'delivered' });
  expect(await exited).toBe(0);
  expect(stderr).toBe('');
  expect(lines[0]).toMatch(/^Order \S+: .+, \$\d+\.\d\d$/);
  const total = /, (\$\d+\.\d\d)$/.exec(lines[0] ?? '')?.[1];
  expect(lines.slice(1).map((l) => l.replace(/^.*?\s\s/, ''))).toEqual([
    'placed -> pending',
    `payment received ${total}`,
    'pending -> confirmed',
    'confirmed -> shipped (tracking 1Z999AA10123456784)',
    'shipped -> delivered',
  ]);
});
