import { pino, type Logger } from 'pino';

export interface LogEntry {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A pino logger that keeps every line it writes, for tests that assert what the server logged. */
export function captureLogs(level: pino.LevelWithSilent = 'debug'): { logger: Logger; entries: LogEntry[]; failures: () => LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger = pino({ level }, { write: (line: string) => void entries.push(JSON.parse(line) as LogEntry) });
  // pino's numeric levels: 40 is warn, 50 error, 60 fatal.
  return { logger, entries, failures: () => entries.filter((e) => e.level >= 40) };
}
