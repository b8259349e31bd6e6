import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Build the client once for the whole run; every test file's server serves this dist/client. */
export default function setup(): void {
  mkdirSync('artifacts', { recursive: true });
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
