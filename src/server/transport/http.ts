import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { getErrorShape, getProcedureAtPath, getTRPCErrorFromUnknown, type AnyProcedure, type ProcedureType } from '@trpc/server/unstable-core-do-not-import';
import superjson from 'superjson';
import type { Context } from '../context.js';
import { encodedText, encodeSuperjson } from '../events/encode.js';
import { RetryLaterError, toTRPCError } from '../errors.js';
import { readBody } from '../http/body.js';
import { answerPreflight, corsDecision, type CorsPolicy } from '../http/cors.js';
import type { AppRouter } from '../router.js';

export interface TrpcHttpOptions {
  router: AppRouter;
  /** Where the procedure paths start, e.g. '/trpc/'. */
  basePath: string;
  createContext: (req: IncomingMessage) => Promise<Context>;
  onError: (opts: { error: TRPCError; path?: string | undefined }) => void;
  maxBodyBytes: number;
  cors: CorsPolicy;
  /**
   * A subscription over HTTP (tRPC's SSE, as httpSubscriptionLink opens it: one GET) is handed over
   * whole, its origin already checked.
   */
  subscriptions: (req: IncomingMessage, res: ServerResponse) => void;
  /** Takes one call from the budget of the request's connection: 0, or the seconds until one is free (CALLS_PER_SECOND). */
  takeCall: (req: IncomingMessage) => number;
}

interface Call {
  path: string;
  procedure: AnyProcedure | null;
  index: number;
}

/** One answer: the JSON text of a TRPCResponse, transformed, and the status it maps to. */
interface Answer {
  text: string;
  status: number;
}

/** The methods tRPC accepts per procedure type (without its opt-in method override). */
const METHOD: Record<ProcedureType, string> = { query: 'GET', mutation: 'POST', subscription: 'GET' };
const VARY = 'origin, trpc-accept, accept';

/**
 * Queries and mutations over HTTP, as tRPC's fetch-based adapter answers them to httpLink and
 * httpBatchLink: `GET /trpc/a,b?batch=1&input={"0":…,"1":…}` for queries, POST with the same
 * JSON body for mutations, one response object (or an array for a batch, 207 when their statuses
 * differ), errors shaped by the router's errorFormatter, superjson on both ways.
 *
 * It exists for cost: the stock adapter turns each Node request into a fetch Request (headers
 * object, abort signals, a body stream) and its Response back, and walks every answer with
 * superjson and object spreads; here the body is read once, procedures are called directly, and
 * the answer is written as text in one pass (encodeSuperjson), as the WebSocket handler does.
 * Not served: httpBatchStreamLink's streamed batches (a clear BAD_REQUEST) and method override.
 */
export function createTrpcHttpHandler(opts: TrpcHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const config = opts.router._def._config;
  // Keyed by dotted path at run time (its type describes the nested record instead).
  const procedures = opts.router._def.procedures as unknown as Record<string, AnyProcedure | undefined>;

  const lookUp = async (path: string, index: number): Promise<Call> => ({
    path,
    index,
    procedure: procedures[path] ?? (await getProcedureAtPath(opts.router, path)),
  });

  const errorAnswer = (cause: unknown, call: Partial<Call>, ctx: Context | undefined, input?: unknown): Answer => {
    const error = getTRPCErrorFromUnknown(cause);
    // A path that names no procedure is the caller's text: kept out of metric labels, which must stay few.
    opts.onError({ error, path: call.procedure ? call.path : undefined });
    const shape = getErrorShape({ config, error, type: call.procedure?._def.type ?? 'unknown', path: call.path, input, ctx });
    const status = typeof shape.data.httpStatus === 'number' ? shape.data.httpStatus : getHTTPStatusCodeFromError(error);
    return { text: `{"error":${superjsonText(shape)}}`, status };
  };

  const runCall = async (req: IncomingMessage, call: Call, method: string, inputs: Inputs, ctx: Context): Promise<Answer> => {
    const { procedure, path, index } = call;
    let input: unknown;
    try {
      const wait = opts.takeCall(req);
      if (wait > 0) throw toTRPCError(new RetryLaterError('Too many calls on this connection; slow down.', Math.ceil(wait)));
      if (!procedure) throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${path}"` });
      const type = procedure._def.type;
      if (METHOD[type] !== method) {
        throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `Unsupported ${method}-request to ${type} procedure at path "${path}"` });
      }
      if (type === 'subscription') throw new TRPCError({ code: 'BAD_REQUEST', message: 'Cannot batch subscription calls' });
      input = inputs.read(index);
      const data: unknown = await procedure({ path, type, ctx, batchIndex: index, signal: undefined, getRawInput: () => Promise.resolve(input) });
      return { text: `{"result":{"data":${superjsonText(data)}}}`, status: 200 };
    } catch (cause) {
      return errorAnswer(cause, call, ctx, input);
    }
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, allowOrigin: string | null): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method === 'HEAD') return void res.writeHead(204, { vary: VARY }).end();
    if (method !== 'GET' && method !== 'POST') {
      throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `Unsupported ${method}-request: queries are GET, mutations POST` });
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const params = q === -1 ? null : new URLSearchParams(url.slice(q + 1));
    const isBatch = params?.get('batch') === '1';
    const paths = decodePath(pathname.startsWith(opts.basePath) ? pathname.slice(opts.basePath.length) : '');
    const calls = isBatch ? await Promise.all(paths.split(',').map(lookUp)) : [await lookUp(paths, 0)];

    const types = new Set(calls.map((call) => call.procedure?._def.type).filter((type) => type !== undefined));
    if (types.size > 1) throw new TRPCError({ code: 'BAD_REQUEST', message: `Cannot mix procedure types in call: ${[...types].join(', ')}` });
    if (!isBatch && method === 'GET' && types.has('subscription')) {
      if (allowOrigin !== null) res.setHeader('access-control-allow-origin', allowOrigin);
      return opts.subscriptions(req, res);
    }
    if (wantsStream(req)) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Streamed batches (application/jsonl, httpBatchStreamLink) are not served: use httpBatchLink' });
    }

    let text: string | undefined;
    if (method === 'POST') {
      const contentType = req.headers['content-type'];
      if (!contentType?.startsWith('application/json')) {
        const message = contentType === undefined ? 'Missing content-type header' : `Unsupported content-type "${contentType}"`;
        throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message });
      }
      const body = await readBody(req, opts.maxBodyBytes);
      text = body.length === 0 ? undefined : body.toString('utf8');
    } else {
      text = params?.get('input') || undefined;
    }
    const inputs = parseInputs(text, isBatch, (value) => config.transformer.input.deserialize(value));
    const ctx = await opts.createContext(req);

    if (!isBatch) {
      const [call] = calls as [Call];
      const answer = await runCall(req, call, method, inputs, ctx);
      return send(res, answer.status, answer.text, allowOrigin);
    }
    const answers = await Promise.all(calls.map((call) => runCall(req, call, method, inputs, ctx)));
    const status = answers.every((a) => a.status === answers[0]?.status) ? (answers[0]?.status ?? 200) : 207;
    send(res, status, `[${answers.map((a) => a.text).join(',')}]`, allowOrigin);
  };

  return (req, res) => {
    const decision = corsDecision(req, opts.cors);
    if (req.method === 'OPTIONS') return answerPreflight(req, res, decision);
    const refuse = (cause: unknown) => {
      const { text, status } = errorAnswer(cause, {}, undefined);
      // A body left unread (too large, or from a refused origin) is not drained: the connection closes after the answer.
      send(res, status, text, decision.allowOrigin, !req.complete && hasBody(req));
    };
    if (decision.refused !== null) {
      // Browsers would hide the answer from the page anyway; refusing here keeps a state-changing call from running.
      return refuse(new TRPCError({ code: 'FORBIDDEN', message: `Origin ${decision.refused} is not allowed to call this server (ALLOWED_ORIGINS)` }));
    }
    serve(req, res, decision.allowOrigin)
      .catch(refuse)
      // Only an errorFormatter that throws gets here: there is no answer left to give.
      .catch(() => res.destroy());
  };
}

function send(res: ServerResponse, status: number, text: string, allowOrigin: string | null, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const headers = ['content-type', 'application/json', 'vary', VARY, 'content-length', String(Buffer.byteLength(text))];
  if (allowOrigin !== null) headers.push('access-control-allow-origin', allowOrigin);
  if (close) headers.push('connection', 'close');
  res.writeHead(status, headers);
  res.end(text);
}

/** superjson's text for a value, written in one pass where encodeSuperjson can. */
function superjsonText(value: unknown): string {
  // JSON has no undefined: superjson says so in meta alone, which encodedText cannot express.
  if (value === undefined) return JSON.stringify(superjson.serialize(value));
  return encodedText(encodeSuperjson(value));
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Malformed procedure path' });
  }
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function wantsStream(req: IncomingMessage): boolean {
  const accept = req.headers['trpc-accept'] ?? req.headers.accept;
  return typeof accept === 'string' && accept.split(',').some((type) => type.trim() === 'application/jsonl');
}

interface Inputs {
  /** The deserialized input of call `index`; throws BAD_REQUEST for one superjson cannot read. */
  read(index: number): unknown;
}

/**
 * The request's JSON, parsed once: a batch carries `{ "0": input, "1": input }`, a single call its
 * input itself. Each call's input is deserialized when that call runs, so one bad input fails its
 * own call only.
 */
function parseInputs(text: string | undefined, isBatch: boolean, deserialize: (value: unknown) => unknown): Inputs {
  let json: unknown;
  try {
    json = text === undefined ? undefined : JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `The input is not JSON: ${cause instanceof Error ? cause.message : String(cause)}` });
  }
  if (isBatch && json !== undefined && (typeof json !== 'object' || json === null || Array.isArray(json))) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: '"input" needs to be an object when doing a batch call' });
  }
  return {
    read(index) {
      const raw = isBatch ? (json as Record<string, unknown> | undefined)?.[index] : json;
      if (raw === undefined) return undefined;
      try {
        return deserialize(raw);
      } catch (cause) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
      }
    },
  };
}
