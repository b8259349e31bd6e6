import { startApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { DEMO } from './seed.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config);
  const app = await startApp({ config, logger });

  if (app.seeded) {
    process.stdout.write(
      [
        '',
        `  Demo shop "${DEMO.shopName}" created.`,
        `  Seller: ${DEMO.seller.email} / ${DEMO.seller.password}`,
        `  Buyer:  ${DEMO.buyer.email} / ${DEMO.buyer.password}`,
        `  Admin:  ${DEMO.admin.email} / ${DEMO.admin.password}`,
        '',
      ].join('\n') + '\n',
    );
  }
  logger.info({ url: app.url, database: app.store.where }, `Shopwire ready at ${app.url} (sign in there)`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Shopwire failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
