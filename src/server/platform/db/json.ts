import { PostgresAdapter } from 'kysely';
import { jsonArrayFrom as postgresArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteArray } from 'kysely/helpers/sqlite';
import type { AppDb } from './index.js';

/**
 * The rows of a subquery as one JSON array column, so that a record and its lists come back from one
 * statement (PostgreSQL: json_agg; SQLite: json_group_array, explicit selections only). The rows keep
 * the subquery's order. Read the column with `fromJson`.
 */
export function jsonArrayFrom<O>(db: AppDb, rows: Parameters<typeof sqliteArray<O>>[0]): ReturnType<typeof sqliteArray<O>> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? (postgresArray(rows) as ReturnType<typeof sqliteArray<O>>)
    : sqliteArray(rows);
}

/** A JSON column as read: pg parses json itself, better-sqlite3 returns the text. */
export function fromJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
