import type { Socket } from 'node:net';
import WebSocket from 'ws';

export interface RawSocket {
  socket: WebSocket;
  /** Every message the server sent, parsed (PONG and the like kept as text). */
  messages: unknown[];
  closed: Promise<number>;
  /** Stops reading from the TCP socket, as a client that never reads would. */
  pause(): void;
  resume(): void;
  send(message: unknown): void;
}

/** tRPC's WebSocket protocol spoken by hand, for what the stock client cannot be made to do. */
export function openRaw(url: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
  const socket = new WebSocket(url, options);
  const messages: unknown[] = [];
  socket.on('message', (data: Buffer) => {
    const text = data.toString();
    try {
      messages.push(JSON.parse(text));
    } catch {
      messages.push(text);
    }
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('error', () => undefined);
  const tcp = () => (socket as unknown as { _socket: Socket })._socket;
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        closed,
        pause: () => tcp().pause(),
        resume: () => tcp().resume(),
        send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
      }),
    );
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** The answers (by request id) among what a raw socket received. */
export function answersTo(messages: unknown[], id: number): { result?: { type: string }; error?: { json: { data?: { code?: string; retryAfterSeconds?: number | null; reason?: string | null } } } }[] {
  return messages.filter((m): m is { id: number } => typeof m === 'object' && m !== null && (m as { id?: unknown }).id === id) as never;
}
