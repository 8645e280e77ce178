import { buildApp } from './app.js';
import { ALL_MIGRATIONS } from './migrations.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { checkpointInBackground } from './platform/db/checkpoint.js';
import { openDatabase } from './platform/db/index.js';
import { migrate } from './platform/db/migrator.js';

async function main() {
  const config = loadConfig();
  const database = openDatabase(config.database);
  await migrate(database.db, database.dialect, ALL_MIGRATIONS);
  // A file-backed SQLite database is checkpointed off the event loop (platform/db/checkpoint.ts).
  const stopCheckpoints =
    database.sqlite && config.database.kind === 'sqlite' && config.database.file !== ':memory:'
      ? checkpointInBackground(database.sqlite, config.database.file)
      : async () => {};
  const { app, mailer } = await buildApp({ config, database });
  mailer.start();
  const address = await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '127.0.0.1' || config.host === '::1' ? address.replace(/127\.0\.0\.1|\[::1\]/, 'localhost') : address;
  const where = database.dialect === 'sqlite' ? `SQLite at ${config.database.kind === 'sqlite' ? config.database.file : ''}` : 'PostgreSQL';
  process.stdout.write(`\nAttune ${config.version} is running at ${shown}  (database: ${where})\n\n`);
  const stop = async () => {
    await app.close();
    await stopCheckpoints();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Attune could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
