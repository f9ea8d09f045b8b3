import { DfError } from '@df-stream/core';
import type { Redis } from 'ioredis';

/**
 * How long a Redis client has been unreachable. BullMQ's connections retry forever and queue their commands meanwhile
 * (`maxRetriesPerRequest: null`), which is right for a blip but would make a coordinator whose Redis stays down wait
 * forever: this bounds that wait.
 */
export class ConnectionWatch {
  /** Since when the client has had no connection (from the start: it has not connected yet); null while it has one. */
  private downSince: number | null = Date.now();

  constructor(
    client: Redis,
    readonly timeoutMs: number,
    /** host:port, for messages. */
    private readonly address: string,
  ) {
    client.on('ready', () => {
      this.downSince = null;
    });
    client.on('close', () => {
      this.downSince ??= Date.now();
    });
    // Connection errors are what this watch is for: ioredis would print each retry's as "Unhandled error event".
    client.on('error', () => undefined);
  }

  /** The client is connected now. */
  get up(): boolean {
    return this.downSince === null;
  }

  /** A promise that rejects once the client has been unreachable for `timeoutMs`; `stop` ends the watch. */
  watch(): { lost: Promise<never>; stop: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const lost = new Promise<never>((_, reject) => {
      timer = setInterval(
        () => {
          if (this.downSince === null || Date.now() - this.downSince < this.timeoutMs) return;
          clearInterval(timer);
          reject(this.lostError());
        },
        Math.min(500, this.timeoutMs / 4),
      );
    });
    // Nobody may be listening when the watch is stopped early: that is not an unhandled failure.
    lost.catch(() => undefined);
    return { lost, stop: () => clearInterval(timer) };
  }

  lostError(): DfError {
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    return new DfError('io', `lost the connection to Redis at ${this.address} for ${seconds} s`, {
      code: 'redis-unreachable',
      hint: 'check that Redis is up and reachable from here, then run the job again',
    });
  }
}
