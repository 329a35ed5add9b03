import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SharedStore } from './shared-store.js';

/** Reported when the store comes and goes, so that it is logged once and shown on /metrics. */
export interface AvailabilityObserver {
  availability(available: boolean, reason: string): void;
}

/**
 * The sliding window as one atomic script on Redis' own clock (TIME), so that replicas with
 * skewed clocks still share one window: a sorted set of the start times of the last calls.
 */
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if ARGV[4] == '1' or count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local frees = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return math.max(1, tonumber(frees[2]) + window - now)
`;

/** Store commands fail fast: a slow or absent Redis must not hold requests up. */
const COMMAND_TIMEOUT_MS = 500;
const MAX_RECONNECT_DELAY_MS = 2_000;

interface WindowCommands {
  takeSlot(key: string, limit: number, windowMs: number, member: string, force: string): Promise<number>;
}

/** The shared store on Redis (ioredis), reconnecting by itself after it goes away. */
export class RedisStore implements SharedStore {
  private up = false;
  private sequence = 0;
  private readonly client: Redis & WindowCommands;
  private readonly memberPrefix = randomUUID();

  constructor(url: string, observer: AvailabilityObserver) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
      lazyConnect: false,
    }) as Redis & WindowCommands;
    this.client.defineCommand('takeSlot', { numberOfKeys: 1, lua: TAKE_SLOT });
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

  async takeSlot(key: string, limit: number, windowMs: number, force: boolean): Promise<number> {
    const member = `${this.memberPrefix}:${++this.sequence}`;
    return Number(await this.client.takeSlot(key, limit, windowMs, member, force ? '1' : '0'));
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
