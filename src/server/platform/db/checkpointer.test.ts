import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './index.js';

// SQLite only: PostgreSQL checkpoints by itself.
describe('the checkpointer (file-backed SQLite)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file from its worker, without the writer doing it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-checkpointer-'));
    dirs.push(dir);
    const file = path.join(dir, 'attune.sqlite');
    const handle = openDatabase({ kind: 'sqlite', file });
    try {
      const writer = handle.sqlite;
      if (!writer) throw new Error('no SQLite connection');
      writer.exec('create table filler (id integer primary key, text text not null)');
      const before = fs.statSync(file).size;
      // About 2 MB in the log: far below the writer's own checkpoint threshold.
      const insert = writer.prepare('insert into filler (text) values (?)');
      writer.transaction(() => {
        for (let n = 0; n < 500; n++) insert.run('x'.repeat(4000));
      })();
      expect(fs.statSync(file).size).toBe(before);
      const deadline = Date.now() + 5_000;
      while (fs.statSync(file).size < before + 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(fs.statSync(file).size).toBeGreaterThan(before + 1_000_000);
    } finally {
      await handle.close();
    }
  });
});
