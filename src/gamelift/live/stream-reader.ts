import { Redis } from 'ioredis';
import { CONNECTION_OPTIONS } from '../upstream/redis-store.js';
import { decodeEntry } from './entry-codec.js';
import type { FleetHub } from './fleet-hub.js';

/** How long one XREAD blocks: also how soon a reader notices it has nothing left to wait for. */
const BLOCK_MS = 2_000;
/** Entries one XREAD takes per stream. */
const READ_COUNT = 500;
const RETRY_MS = 250;

/**
 * The one blocking reader of a replica: a connection of its own that waits, with XREAD, on the
 * streams of every fleet this replica's subscribers watch at once, from where each hub has read,
 * and hands each entry to its hub. A hub added or removed interrupts the wait (CLIENT UNBLOCK from
 * the command connection), so a new subscriber is served from the next entry, not the next timeout.
 */
export class StreamReader {
  private readonly connection: Redis;
  private readonly hubs = new Map<string, FleetHub>();
  private readerId: number | null = null;
  private blocked = false;
  private closed = false;
  private wake: (() => void) | null = null;

  constructor(
    url: string,
    private readonly commands: Redis,
    private readonly keyOf: (fleetRef: string) => string,
    onAvailability: (available: boolean) => void,
    private readonly commandsReady: () => boolean,
  ) {
    // Blocking reads must outlast the block; the other options are every connection's.
    this.connection = new Redis(url, { ...CONNECTION_OPTIONS, commandTimeout: BLOCK_MS + 2_000 });
    this.connection.on('ready', () => {
      void this.connection.client('ID').then((id) => {
        this.readerId = Number(id);
        onAvailability(this.available && this.commandsReady());
        this.interrupt();
      }, () => undefined);
    });
    this.connection.on('close', () => {
      this.readerId = null;
      onAvailability(false);
    });
    void this.loop();
  }

  get available(): boolean {
    return this.connection.status === 'ready' && this.readerId !== null;
  }

  /** Reads the hub's stream from `hub.position` on. */
  follow(hub: FleetHub): void {
    this.hubs.set(hub.fleetRef, hub);
    this.interrupt();
  }

  unfollow(hub: FleetHub): void {
    if (this.hubs.get(hub.fleetRef) !== hub) return;
    this.hubs.delete(hub.fleetRef);
    this.interrupt();
  }

  close(): void {
    this.closed = true;
    this.interrupt();
    this.connection.disconnect();
  }

  /** Makes the loop start over with the hubs as they are now. */
  private interrupt(): void {
    this.wake?.();
    if (this.blocked && this.readerId !== null && this.commands.status === 'ready') {
      this.blocked = false;
      void this.commands.client('UNBLOCK', this.readerId).catch(() => undefined);
    }
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      const hubs = [...this.hubs.values()].filter((hub) => hub.position !== null);
      if (!this.available || hubs.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RETRY_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
        continue;
      }
      try {
        this.blocked = true;
        const keys = hubs.map((hub) => this.keyOf(hub.fleetRef));
        const positions = hubs.map((hub) => hub.position as string);
        const answer = await this.connection.xread('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...positions);
        this.blocked = false;
        const byKey = new Map(hubs.map((hub, index) => [keys[index], hub]));
        for (const [key, entries] of answer ?? []) {
          const hub = byKey.get(key);
          // A hub that left while the read was under way is not fed; one now in its place reads on its own.
          if (!hub || this.hubs.get(hub.fleetRef) !== hub) continue;
          for (const [id, fields] of entries) {
            hub.position = id;
            const entry = decodeEntry(fields, hub.fleetId);
            if (entry) hub.receive(entry);
          }
        }
      } catch {
        this.blocked = false;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
