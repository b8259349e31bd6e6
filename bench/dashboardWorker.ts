/**
 * A load process of its own for dashboards: the server's fan-out is measured on the
 * receiving side here, so the buyers' process is not also paying for thousands of sockets.
 */
import { createDashboardHost } from './dashboards.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';

function serve(): void {
  const host = createDashboardHost();
  const send = (response: WorkerResponse) => process.send?.(response);

  const handle = async (req: WorkerRequest): Promise<unknown> => {
    switch (req.type) {
      case 'open':
        return host.open(req.url, req.specs, req.batchSize, req.client);
      case 'count':
        return host.counts();
      case 'collect':
        return host.collect(req.reset ?? false);
      case 'close':
        await host.close();
        return null;
    }
  };

  process.on('message', (message: WorkerRequest) => {
    handle(message).then(
      (result) => {
        send({ id: message.id, ok: true, result });
        if (message.type === 'close') process.disconnect();
      },
      (err: unknown) => send({ id: message.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  // A client library throwing from a socket callback would otherwise kill every dashboard in this
  // process; counted as an error instead, so the run reports it and fails the zero checks.
  process.on('uncaughtException', (err) => host.noteError(`uncaught in dashboard worker: ${err.message}`));
  // The parent going away (crash, Ctrl-C) must not leave this process holding sockets.
  process.on('disconnect', () => process.exit(0));
  // An orderly exit on the bench's SIGTERM too, so a --cpu-prof (BENCH_WORKER_NODE_ARGS) gets written.
  process.on('SIGTERM', () => process.exit(0));
}

serve();
