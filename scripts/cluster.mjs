#!/usr/bin/env node
// `npm run cluster`: three instances from one build, on three ports, sharing the machine's
// PostgreSQL and Redis (README "Several instances"). Each instance migrates at start (one after
// another, under PostgreSQL's advisory lock) and the first seeds the demo shop on an empty database.
// Ctrl-C stops all three; if one exits, the others are stopped too.
//
//   CLUSTER_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/shopwire_cluster (made if missing)
//   BUS_URL               default redis://127.0.0.1:6379
//   CLUSTER_PORTS         default 3001,3002,3003
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { URL } from 'node:url';
import pg from 'pg';

const databaseUrl = process.env.CLUSTER_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shopwire_cluster';
const busUrl = process.env.BUS_URL ?? 'redis://127.0.0.1:6379';
const ports = (process.env.CLUSTER_PORTS ?? '3001,3002,3003').split(',').map((p) => p.trim());
const entry = 'dist/src/server/main.js';

if (!existsSync(entry)) {
  process.stderr.write(`${entry} is missing: run \`npm run build\` first (npm run cluster does).\n`);
  process.exit(1);
}

await ensureDatabase(databaseUrl);

const children = ports.map((port, i) => {
  const child = spawn(process.execPath, [entry], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: port,
      DATABASE_URL: databaseUrl,
      BUS_URL: busUrl,
      // Pages served by one instance may talk to any other (a proxy in front makes this one origin).
      ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? ports.flatMap((p) => [`http://127.0.0.1:${p}`, `http://localhost:${p}`]).join(','),
    },
  });
  createInterface({ input: child.stdout }).on('line', (line) => process.stdout.write(`[${i + 1}:${port}] ${line}\n`));
  return child;
});

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

for (const child of children) child.on('exit', (code) => stopAll(code ?? 0));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** A fresh machine has the server but not our database: make it, so the one command is enough. */
async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (err) {
    process.stderr.write(`PostgreSQL at ${target.host} does not answer (${err.message}); set CLUSTER_DATABASE_URL.\n`);
    process.exit(1);
  }
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`create database "${name.replaceAll('"', '""')}"`);
      process.stdout.write(`made database ${name}\n`);
    }
  } finally {
    await client.end();
  }
}
