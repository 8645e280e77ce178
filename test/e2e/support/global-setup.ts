import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const builtIndex = path.join(root, 'dist/web/index.html');

/** Newest modification time of any file under these paths. */
function newest(paths: string[]): number {
  let latest = 0;
  const walk = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const p of paths) walk(path.join(root, p));
  return latest;
}

/** Builds the web app when dist/web is missing or older than its sources. */
export default function setup() {
  const built = fs.statSync(builtIndex, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = newest(['src/web', 'src/shared', 'index.html', 'vite.config.ts']);
  if (built >= sources) return;
  process.stdout.write('e2e: building the web app (dist/web is missing or stale)…\n');
  execFileSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would give a development build of React.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
