import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';

/**
 * Reads a request body of at most `maxBytes`. A declared Content-Length over the limit is refused
 * before a byte is read; a body without one (chunked) is counted as it arrives and refused as soon
 * as it passes the limit, so memory never holds more than `maxBytes` of it.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      done();
      chunks.length = 0;
      // The rest is still arriving: stop taking it, the answer closes the connection.
      req.pause();
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (cause: Error) => {
      done();
      reject(new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The request body could not be read', cause }));
    };
    const onClose = () => onError(new Error('connection closed before the body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

export function tooLarge(maxBytes: number): TRPCError {
  return new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${maxBytes} bytes (MAX_BODY_BYTES)` });
}
