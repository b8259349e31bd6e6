import { resolve } from 'node:path';
import { loadConfig } from './config.js';
import { backupDatabase, BackupError } from './db/backup.js';

// `npm run backup -- <file>`: copies the database named by DATABASE_PATH while the server runs.
function main(argv: readonly string[]): number {
  const target = argv[0];
  if (!target || argv.length > 1) {
    process.stderr.write('usage: npm run backup -- <new file>   (reads DATABASE_PATH like the server)\n');
    return 2;
  }
  try {
    const { DATABASE_PATH, DATABASE_URL } = loadConfig(process.env);
    if (DATABASE_URL) throw new BackupError('DATABASE_URL is set: this copies a SQLite database; back PostgreSQL up with its own tools (pg_dump)');
    const summary = backupDatabase(resolve(DATABASE_PATH), resolve(target));
    process.stdout.write(
      `Backed up ${DATABASE_PATH} to ${summary.targetPath}: ${summary.bytes.toLocaleString('en-US')} bytes, ` +
        `${summary.orders.toLocaleString('en-US')} orders, events up to #${summary.lastEventId}. Integrity check: ok.\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError) && !(error instanceof Error && error.message.startsWith('Invalid environment'))) throw error;
    process.stderr.write(`Backup failed: ${error.message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
