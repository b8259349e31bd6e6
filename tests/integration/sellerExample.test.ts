import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { DEMO } from '../../src/server/seed.js';
import { connect } from '../support/clients.js';
import { startTestServer } from '../support/server.js';

it("the README's seller example prints the shop's figures, confirms a new order as it arrives, and stops on Ctrl-C", async () => {
  await using server = await startTestServer({ SEED_DEMO: 'true' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/seller.ts'], {
    env: { ...process.env, SHOPWIRE_URL: server.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    waiters.forEach((w) => w());
  });
  const seen = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => lines.some((l) => pattern.test(l)) && resolve();
      waiters.push(check);
      check();
    });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  await seen(/^watching$/);
  await using buyer = connect(server.url);
  const { token } = await buyer.api.auth.login.mutate({ email: DEMO.buyer.email, password: DEMO.buyer.password });
  await using signedIn = connect(server.url, token);
  const [shop] = await signedIn.api.shop.list.query();
  const product = (await signedIn.api.product.list.query({ shopId: shop?.id ?? '' })).find((p) => p.name === 'Barista Apron');
  const order = await signedIn.api.order.place.mutate({ shopId: shop?.id ?? '', items: [{ productId: product?.id ?? '', quantity: 1 }] });

  await seen(/-> confirmed$/);
  expect((await signedIn.api.order.get.query({ orderId: order.id })).status).toBe('confirmed');
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(stderr).toBe('');
  expect(lines).toEqual([
    '0 orders, $0.00 revenue, 2 low on stock',
    'watching',
    `new order ${order.id}: $32.00`,
    'low stock: Barista Apron, 1 left',
    `order ${order.id}: pending -> confirmed`,
  ]);
});
