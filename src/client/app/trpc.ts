import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '../../server/router.js';

/** The one tRPC binding of the SPA; every query, mutation and subscription goes through it. */
export const trpc = createTRPCReact<AppRouter>();
