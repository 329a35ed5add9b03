import type { Event } from '@aws-sdk/client-gamelift';
import { Redis } from 'ioredis';
import { CONNECTION_OPTIONS } from '../upstream/redis-store.js';
import { decodeEntry, encodeError, encodeEvent } from './entry-codec.js';
import type { PolledBatch } from './fleet-poller.js';
import { eventTime, isDeletion, type LiveEntry } from './live-item.js';
import { StreamReader } from './stream-reader.js';
import type { WatermarkState } from './watermark.js';

/**
 * Redis keys, per GameLift scope and fleet reference:
 * - `lease:<ref>`: the token of the replica polling the fleet (SET NX PX, renewed by its holder);
 * - `meta:<ref>`: how far the stream has followed the fleet (`t`, `ids`) and the lease's last holder;
 * - `events:<ref>`: the stream of the fleet's events, each once, in GameLift's order (MAXLEN ~).
 * Every write checks the lease inside the script, so a replica that lost it cannot write.
 */
const ACQUIRE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
local previous = redis.call('HGET', KEYS[2], 'holder') or ''
redis.call('HSET', KEYS[2], 'holder', ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {previous, redis.call('HGET', KEYS[2], 't') or '', redis.call('HGET', KEYS[2], 'ids') or '[]'}
`;
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return 1
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
if redis.call('HGET', KEYS[2], 'holder') == ARGV[1] then redis.call('HDEL', KEYS[2], 'holder') end
return 0
`;
/**
 * Appends the events that are new to the stream (the rule of watermark.ts), oldest first. The
 * stream's own watermark wins; the holder's (ARGV 4-5) only starts a stream that has none.
 * Each entry records the watermark before it (a, ai).
 */
const APPEND_EVENTS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local t = redis.call('HGET', KEYS[2], 't')
local ids
if t then ids = cjson.decode(redis.call('HGET', KEYS[2], 'ids') or '[]') else t = ARGV[4]; ids = cjson.decode(ARGV[5]) end
local seen = {}
for _, id in ipairs(ids) do seen[id] = true end
local appended = 0
for i = 7, #ARGV, 3 do
  local time, id = ARGV[i], ARGV[i + 1]
  local later = tonumber(time) > tonumber(t)
  if later or (tonumber(time) == tonumber(t) and not seen[id]) then
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[i + 2], 'f', ARGV[6], 'a', t, 'ai', cjson.encode(ids))
    if later then t = time; ids = {id}; seen = {[id] = true} else ids[#ids + 1] = id; seen[id] = true end
    appended = appended + 1
  end
end
redis.call('HSET', KEYS[2], 't', t, 'ids', cjson.encode(ids))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return appended
`;
const APPEND_ERROR = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'x', ARGV[4], 'f', ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`;

interface LiveCommands {
  liveAcquire(lease: string, meta: string, token: string, leaseMs: number, ttlMs: number): Promise<[string, string, string] | null>;
  liveRenew(lease: string, meta: string, events: string, token: string, leaseMs: number, ttlMs: number): Promise<number>;
  liveRelease(lease: string, meta: string, token: string): Promise<number>;
  liveAppendEvents(lease: string, meta: string, events: string, ...args: (string | number)[]): Promise<number>;
  liveAppendError(lease: string, events: string, token: string, maxLength: number, ttlMs: number, payload: string, foundAt: number): Promise<number>;
}

export interface LeaseGrant {
  /** The token of the holder before, if it never released the lease (it died or lost Redis): a takeover. */
  readonly previousHolder: string;
  /** How far the stream has followed the fleet, or null if it has never been followed (or Redis forgot). */
  readonly followed: WatermarkState | null;
}

export interface LiveStoreSettings {
  /** Entries a fleet's stream keeps (about: MAXLEN ~). */
  readonly maxLength: number;
  /** How long a stream, and what it has followed, outlive the last poll. */
  readonly ttlMs: number;
}

/** Entries read at a time, newest first, by a replay. */
const REPLAY_BATCH = 100;

/**
 * The live engine's state in Redis (see the key list above), through two connections: one for
 * commands, one that blocks reading the streams of the fleets this replica's subscribers watch.
 */
export class RedisLiveStore {
  private readonly commands: Redis & LiveCommands;
  readonly reader: StreamReader;
  private readonly prefix: string;

  constructor(
    url: string,
    scope: string,
    private readonly settings: LiveStoreSettings,
    onAvailability: (available: boolean) => void,
  ) {
    this.prefix = `fleetgraph:live:${scope}:`;
    this.commands = new Redis(url, CONNECTION_OPTIONS) as Redis & LiveCommands;
    this.commands.defineCommand('liveAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    this.commands.defineCommand('liveRenew', { numberOfKeys: 3, lua: RENEW });
    this.commands.defineCommand('liveRelease', { numberOfKeys: 2, lua: RELEASE });
    this.commands.defineCommand('liveAppendEvents', { numberOfKeys: 3, lua: APPEND_EVENTS });
    this.commands.defineCommand('liveAppendError', { numberOfKeys: 2, lua: APPEND_ERROR });
    this.reader = new StreamReader(url, this.commands, (ref) => this.key('events', ref), onAvailability, () => this.commands.status === 'ready');
    const changed = () => onAvailability(this.available);
    this.commands.on('ready', changed);
    this.commands.on('close', changed);
  }

  get available(): boolean {
    return this.commands.status === 'ready' && this.reader.available;
  }

  /** Resolves once both connections are ready, or after `waitMs` (the engine then starts on its own pollers). */
  async whenAvailable(waitMs: number): Promise<void> {
    for (let waited = 0; !this.available && waited < waitMs; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private key(kind: 'lease' | 'meta' | 'events', ref: string): string {
    return `${this.prefix}${kind}:${ref}`;
  }

  /** Takes the fleet's lease if nobody holds it; null if somebody does. */
  async acquire(ref: string, token: string, leaseMs: number): Promise<LeaseGrant | null> {
    const answer = await this.commands.liveAcquire(this.key('lease', ref), this.key('meta', ref), token, leaseMs, this.settings.ttlMs);
    if (!answer) return null;
    const [previousHolder, time, ids] = answer;
    const list = JSON.parse(ids) as unknown;
    return {
      previousHolder: previousHolder === token ? '' : previousHolder,
      followed: time === '' ? null : { time: Number(time), ids: Array.isArray(list) ? list.map(String) : [] },
    };
  }

  /** Extends the lease (and keeps the stream); false if the lease is no longer this holder's. */
  async renew(ref: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.commands.liveRenew(this.key('lease', ref), this.key('meta', ref), this.key('events', ref), token, leaseMs, this.settings.ttlMs)) === 1;
  }

  async release(ref: string, token: string): Promise<void> {
    await this.commands.liveRelease(this.key('lease', ref), this.key('meta', ref), token);
  }

  /** Adds what a poll found to the fleet's stream; false if the lease is no longer this holder's. */
  async append(ref: string, token: string, batch: PolledBatch): Promise<boolean> {
    const { maxLength, ttlMs } = this.settings;
    if (batch.kind === 'error') {
      return (await this.commands.liveAppendError(this.key('lease', ref), this.key('events', ref), token, maxLength, ttlMs, encodeError(batch.error, batch.final), batch.foundAt)) >= 0;
    }
    const events = batch.events.flatMap((event) => [eventTime(event), event.EventId ?? '', encodeEvent(event)]);
    const appended = await this.commands.liveAppendEvents(
      this.key('lease', ref),
      this.key('meta', ref),
      this.key('events', ref),
      token,
      maxLength,
      ttlMs,
      batch.from.time,
      JSON.stringify(batch.from.ids),
      batch.foundAt,
      ...events,
    );
    return appended >= 0;
  }

  /** The id of the stream's last entry (0-0 when empty), and that entry if it ends the fleet's streams. */
  async tail(ref: string, fleetId: string): Promise<{ readonly position: string; readonly final: LiveEntry | null }> {
    const [last] = await this.commands.xrevrange(this.key('events', ref), '+', '-', 'COUNT', 1);
    if (!last) return { position: '0-0', final: null };
    const entry = decodeEntry(last[1], fleetId);
    const final = entry && (entry.item.kind === 'error' ? entry.item.final : isDeletion(entry.item.record.event));
    return { position: last[0], final: final ? entry : null };
  }

  /**
   * The fleet's events at or after `since`, oldest first, if the stream still holds all of them:
   * walking back from the newest entry, it does once an entry was appended when the fleet had
   * been followed to before `since`. Null when the stream does not reach back that far.
   */
  async replay(ref: string, fleetId: string, since: Date): Promise<Event[] | null> {
    const key = this.key('events', ref);
    const from = since.getTime();
    const events: Event[] = [];
    let end = '+';
    for (;;) {
      const batch = await this.commands.xrevrange(key, end, '-', 'COUNT', REPLAY_BATCH);
      for (const [, fields] of batch) {
        const entry = decodeEntry(fields, fleetId);
        if (!entry || entry.item.kind !== 'event' || !entry.after) continue;
        const { event } = entry.item.record;
        if (eventTime(event) >= from) events.push(event);
        if (entry.after.time < from) return events.reverse();
      }
      const oldest = batch.at(-1);
      if (batch.length < REPLAY_BATCH || !oldest) return null;
      end = `(${oldest[0]}`;
    }
  }

  close(): void {
    this.reader.close();
    this.commands.disconnect();
  }
}
