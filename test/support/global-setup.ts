import type { TestProject } from 'vitest/node';
import { ALL_MIGRATIONS } from '../../src/server/migrations.js';
import { openDatabase } from '../../src/server/platform/db/index.js';
import { migrate } from '../../src/server/platform/db/migrator.js';
import { PG_ADMIN_URL, pgAdmin, pgReachable, pgUrlFor, RUN_PREFIX, TEMPLATE_DB } from './pg.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAvailable: boolean;
  }
}

const banner = (lines: string[]) => {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '!'.repeat(width);
  return `\n${bar}\n${lines.map((l) => `! ${l.padEnd(width - 4)} !`).join('\n')}\n${bar}\n`;
};

/**
 * Every persistence test runs on SQLite and on PostgreSQL. PostgreSQL gets a template database
 * migrated once per run; test files clone it (CREATE DATABASE … TEMPLATE) so nothing is truncated.
 */
export default async function setup(project: TestProject) {
  const available = await pgReachable();
  if (!available) {
    const lines = [
      `PostgreSQL is NOT reachable at ${PG_ADMIN_URL}.`,
      'Persistence tests will run on SQLite ONLY: half of the test matrix is NOT being checked.',
      'Start PostgreSQL (see README, "Running the tests") or set ATTUNE_TEST_PG_URL.',
    ];
    if (process.env.CI === 'true') throw new Error(banner([...lines, 'CI=true: failing the run.']));
    process.stderr.write(banner(lines));
    project.provide('pgAvailable', false);
    return () => process.stderr.write(banner(['Reminder: PostgreSQL was not reachable; only SQLite was tested.']));
  }
  await pgAdmin((c) => c.query(`create database ${TEMPLATE_DB}`));
  const handle = openDatabase({ kind: 'postgres', url: pgUrlFor(TEMPLATE_DB), max: 1 });
  await migrate(handle.db, 'postgres', ALL_MIGRATIONS);
  await handle.close();
  project.provide('pgAvailable', true);
  // Only this run's databases: another run (another terminal, a CI job) may be using its own.
  return async () => {
    await pgAdmin(async (c) => {
      const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${RUN_PREFIX}%`]);
      for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
    });
  };
}
