import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { SharedStore } from './shared-store.js';

/** Reported when the store comes and goes, so that it is logged once and shown on /metrics. */
export interface AvailabilityObserver {
  availability(available: boolean, reason: string): void;
}

/**
 * The rate window (slot-window.ts) as atomic scripts on Redis' own clock (TIME), so that replicas
 * with skewed clocks share one window: a sorted set of slots scored by when they free up to be
 * forgotten. A slot in flight is scored `now + hold` (its holder may die), an ended one by when
 * its call ended; slots whose score is more than a window old no longer count.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
const TAKE_SLOT = `${NOW}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local hold = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], hold + window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;
const RELEASE_SLOT = `${NOW}
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0
`;

/** Store commands fail fast: a slow or absent Redis must not hold requests up. */
const COMMAND_TIMEOUT_MS = 500;
const MAX_RECONNECT_DELAY_MS = 2_000;

/** How every connection of the gateway to Redis behaves: no queueing while it is away, reconnecting by itself. */
export const CONNECTION_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: COMMAND_TIMEOUT_MS,
  connectTimeout: 2_000,
  retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  lazyConnect: false,
};

interface WindowCommands {
  takeSlot(key: string, limit: number, windowMs: number, holdMs: number, member: string): Promise<number>;
  releaseSlot(key: string, member: string): Promise<number>;
}

/** The shared store on Redis (ioredis), reconnecting by itself after it goes away. */
export class RedisStore implements SharedStore {
  private up = false;
  private sequence = 0;
  private readonly client: Redis & WindowCommands;
  private readonly memberPrefix = randomUUID();

  constructor(url: string, observer: AvailabilityObserver) {
    this.client = new Redis(url, CONNECTION_OPTIONS) as Redis & WindowCommands;
    this.client.defineCommand('takeSlot', { numberOfKeys: 1, lua: TAKE_SLOT });
    this.client.defineCommand('releaseSlot', { numberOfKeys: 1, lua: RELEASE_SLOT });
    this.client.on('ready', () => {
      if (this.up) return;
      this.up = true;
      observer.availability(true, 'connected');
    });
    const lost = (reason: string) => {
      if (!this.up) return;
      this.up = false;
      observer.availability(false, reason);
    };
    this.client.on('close', () => lost('connection closed'));
    this.client.on('error', (error: Error) => lost(error.message));
  }

  /**
   * Connects, waiting up to `waitMs` for Redis so that a normal start shares from the first
   * request; past that the gateway starts on its own state (said once) and joins when Redis comes.
   */
  static async connect(url: string, observer: AvailabilityObserver, waitMs = 2_000): Promise<RedisStore> {
    let reported = false;
    const store = new RedisStore(url, {
      availability: (available, reason) => {
        reported = true;
        observer.availability(available, reason);
      },
    });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      store.client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (!reported) observer.availability(false, `no answer within ${waitMs} ms`);
    return store;
  }

  get available(): boolean {
    return this.up;
  }

  get(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(key, value, 'PX', ttlMs);
  }

  async takeSlot(key: string, limit: number, windowMs: number, holdMs: number): Promise<{ wait: number; release?: () => Promise<void> }> {
    const member = `${this.memberPrefix}:${++this.sequence}`;
    const wait = Number(await this.client.takeSlot(key, limit, windowMs, holdMs, member));
    if (wait > 0) return { wait };
    return { wait: 0, release: async () => void (await this.client.releaseSlot(key, member)) };
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
