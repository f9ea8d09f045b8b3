import { DfError } from '@df-stream/core';
import type { RedisOptions } from 'bullmq';

/** `redis://[user:pass@]host:port[/db]`, `rediss://...` (TLS), or ioredis options. */
export type ClusterConnection = string | RedisOptions;

/** What workers and coordinators must agree on, besides the Redis server. */
export interface QueueSettings {
  /** The BullMQ queue (default `df-stream`): separate queues keep separate groups of workers apart. */
  readonly queue?: string;
  /** The Redis key prefix of BullMQ's keys (default `bull`). */
  readonly prefix?: string;
}

export const DEFAULT_QUEUE = 'df-stream';
export const DEFAULT_PREFIX = 'bull';

/**
 * ioredis options from a URL: user, password, db and TLS (`rediss:`) pass through; `extra` (for
 * example `tls: { ca }`) is merged on top. BullMQ's blocking reads need `maxRetriesPerRequest: null`.
 */
export function redisOptions(connection: ClusterConnection, extra: RedisOptions = {}): RedisOptions {
  const base: RedisOptions = typeof connection === 'string' ? fromUrl(connection) : { ...connection };
  return { ...base, ...extra, maxRetriesPerRequest: null };
}

function fromUrl(text: string): RedisOptions {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DfError('usage', `--cluster ${redact(text)}: not a URL`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new DfError('usage', `--cluster ${redact(text)}: expected redis://host:port or rediss://host:port`);
  }
  const out: RedisOptions = { host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1', port: url.port === '' ? 6379 : Number(url.port) };
  if (url.username !== '') out.username = decodeURIComponent(url.username);
  if (url.password !== '') out.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '') {
    if (!/^\d+$/.test(db)) throw new DfError('usage', `--cluster ${redact(text)}: the path must be a database number`);
    out.db = Number(db);
  }
  if (url.protocol === 'rediss:') out.tls = { servername: out.host };
  return out;
}

/** A URL for messages: never print a password. */
export function redact(text: string): string {
  return text.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}
