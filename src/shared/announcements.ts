import { z } from 'zod';

export const severitySchema = z.enum(['info', 'warning', 'maintenance']);
export type Severity = z.infer<typeof severitySchema>;

/** A notice from the platform's operators to everyone; current until `endsAt` (or for good when null). */
export const announcementSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  severity: severitySchema,
  endsAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Announcement = z.infer<typeof announcementSchema>;
