import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';

export interface BackupSummary {
  targetPath: string;
  bytes: number;
  orders: number;
  lastEventId: number;
}

export class BackupError extends Error {}

/**
 * Copies a live database into a new file with VACUUM INTO: one read transaction, so the copy is
 * the database as of one commit (WAL readers do not block the server's writes, nor it them).
 * SQLite's page-by-page backup API would start over whenever the server commits meanwhile, which
 * under steady orders can be forever. The copy is checked before it is reported.
 */
export function backupDatabase(sourcePath: string, targetPath: string): BackupSummary {
  if (!existsSync(sourcePath)) throw new BackupError(`No database at ${sourcePath}`);
  // Never overwrite: the target may be the last good backup.
  if (existsSync(targetPath)) throw new BackupError(`${targetPath} already exists; choose a new file`);
  // `npm run backup -- backups/<date>.sqlite` on a fresh checkout: the folder is not there yet.
  try {
    mkdirSync(dirname(targetPath), { recursive: true });
  } catch (error) {
    throw new BackupError(`Could not make the folder for ${targetPath}: ${(error as Error).message}`);
  }
  const source = new SQLite(sourcePath, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    source.prepare('VACUUM INTO ?').run(targetPath);
  } catch (error) {
    // A full disk or an unwritable folder: say so in one line, as for the other refusals.
    if (error instanceof SQLite.SqliteError) throw new BackupError(`Could not write ${targetPath}: ${error.message}`);
    throw error;
  } finally {
    source.close();
  }
  const copy = new SQLite(targetPath, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`The copy failed its integrity check: ${String(integrity)}`);
    const orders = (copy.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
    const lastEventId = (copy.prepare('SELECT coalesce(max(id), 0) AS n FROM events').get() as { n: number }).n;
    const pages = copy.pragma('page_count', { simple: true }) as number;
    const pageSize = copy.pragma('page_size', { simple: true }) as number;
    return { targetPath, bytes: pages * pageSize, orders, lastEventId };
  } finally {
    copy.close();
  }
}
