import { z } from 'zod';

/** The tracked id a client hands back; wsLink fills it in by itself on reconnect. */
export const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'lastEventId must be an event id from this server')
  .nullish();

export function parseLastEventId(value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
