import { TRPCClientError } from '@trpc/client';

/** A stream error as wsLink hands it over: the server's code (and any reason) in `data`. */
export function serverError(code: string, extra: Record<string, unknown> = {}): TRPCClientError<never> {
  return new TRPCClientError(code, { result: { error: { message: code, code: -1, data: { code, ...extra } } } } as never);
}

/** A socket that went away with no answer from the server. */
export function networkError(): TRPCClientError<never> {
  return new TRPCClientError('WebSocket closed');
}
