#!/usr/bin/env node
// `npm test`: the unit, integration (SQLite and PostgreSQL) and browser suites, then one summary
// line "N passed, N failed". Extra arguments go to both vitest runs (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.test-results');
fs.mkdirSync(out, { recursive: true });
const extra = process.argv.slice(2);
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

const suites = [
  { name: 'unit and integration', args: [] },
  { name: 'browser (Chromium)', args: ['--config', 'vitest.e2e.config.ts'], needs: 'vitest.e2e.config.ts' },
];

let passed = 0;
let failed = 0;
let crashed = false;
for (const suite of suites) {
  if (suite.needs && !fs.existsSync(path.join(root, suite.needs))) continue;
  const report = path.join(out, `${suite.name.replace(/\W+/g, '-')}.json`);
  fs.rmSync(report, { force: true });
  process.stdout.write(`\n── ${suite.name} ──\n`);
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', ...suite.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A suite that failed to start (setup error) reports no failed test: count it as a failure.
    if (run.status !== 0 && r.numFailedTests === 0) {
      failed += 1;
      crashed = true;
    }
  } else if (run.status !== 0) {
    failed += 1;
    crashed = true;
  }
}
if (crashed) process.stdout.write('\nA test suite could not run at all (see its output above); it is counted as one failure.\n');
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
