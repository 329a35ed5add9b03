import {
  DescribeFleetAttributesCommand,
  DescribeFleetEventsCommand,
  ListFleetsCommand,
  type Event,
  type FleetAttributes,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
import DataLoader from 'dataloader';
import { GatewayError } from './errors.js';
import { fleetIdOf } from './fleetIds.js';
import type { PagedSource, TokenPage } from './pagination.js';
import { toGatewayError } from './upstreamErrors.js';

/** A fleet event together with the fleet whose log it came from. */
export interface FleetEventRecord {
  readonly fleetId: string;
  readonly event: Event;
}

export interface FleetEventFilters {
  readonly startTime?: Date;
  readonly endTime?: Date;
  /** Applied by the gateway: GameLift has no such filter. */
  readonly matches?: (event: Event) => boolean;
}

export interface FleetListFilters {
  readonly buildId?: string;
  readonly scriptId?: string;
}

export interface GameLiftAccessOptions {
  /** DescribeFleetAttributes' maximum number of fleet ids per call. */
  readonly maxFleetIdsPerCall: number;
}

/** Upstream calls a `findEvent` lookup may make among events sharing one timestamp. */
const MAX_EVENT_LOOKUP_CALLS = 5;
const EVENT_LOOKUP_PAGE_SIZE = 100;

interface EventPageKey {
  readonly fleetId: string;
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
  readonly token: string | undefined;
  readonly limit: number;
}

/**
 * GameLift as one GraphQL request sees it: fleet attributes batched up to the upstream maximum
 * per call, and identical upstream page requests made once. Create one per request.
 */
export class GameLiftAccess {
  private readonly fleets: DataLoader<string, FleetAttributes | null>;
  private readonly eventPages: DataLoader<EventPageKey, TokenPage<Event>, string>;

  constructor(
    private readonly client: GameLiftClient,
    options: GameLiftAccessOptions,
  ) {
    this.fleets = new DataLoader((idsOrArns) => this.describeFleets(idsOrArns), {
      maxBatchSize: options.maxFleetIdsPerCall,
    });
    this.eventPages = new DataLoader(
      async (keys) => Promise.all(keys.map((key) => this.describeFleetEvents(key))),
      { batch: false, cacheKeyFn: (key) => JSON.stringify(key) },
    );
  }

  /** A fleet by id or ARN; null when GameLift does not know it. */
  fleet(idOrArn: string): Promise<FleetAttributes | null> {
    return this.fleets.load(idOrArn);
  }

  fleetIds(filters: FleetListFilters): PagedSource<string> {
    return {
      fetchPage: async (token, limit) => {
        const output = await this.send('ListFleets', () =>
          this.client.send(
            new ListFleetsCommand({ BuildId: filters.buildId, ScriptId: filters.scriptId, Limit: limit, NextToken: token }),
          ),
        );
        return { items: output.FleetIds ?? [], nextToken: output.NextToken };
      },
      keyOf: (fleetId) => fleetId,
    };
  }

  fleetEvents(fleetId: string, filters: FleetEventFilters): PagedSource<FleetEventRecord> {
    const { matches } = filters;
    return {
      fetchPage: async (token, limit) => {
        const page = await this.eventPages.load({
          fleetId,
          startTime: filters.startTime?.getTime(),
          endTime: filters.endTime?.getTime(),
          token,
          limit,
        });
        return { items: page.items.map((event) => ({ fleetId, event })), nextToken: page.nextToken };
      },
      keyOf: (record) => record.event.EventId ?? '',
      ...(matches ? { matches: (record: FleetEventRecord) => matches(record.event) } : {}),
    };
  }

  /**
   * Looks an event up again by what identifies it, e.g. for a fresh PreSignedLogUrl. Events are
   * found by their exact timestamp, so only the few events sharing it are read.
   */
  async findEvent(
    fleetId: string,
    eventTime: Date,
    eventId: string,
    options: { fresh?: boolean } = {},
  ): Promise<FleetEventRecord | null> {
    try {
      return await this.lookUpEvent(fleetId, eventTime, eventId, options.fresh ?? false);
    } catch (error) {
      // A fleet that no longer exists has no events: the event is simply gone.
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** A freshly minted PreSignedLogUrl for an event, or null when it no longer has one. */
  async freshLogUrl({ fleetId, event }: FleetEventRecord): Promise<string | null> {
    if (!event.EventTime || !event.EventId) return null;
    const fresh = await this.findEvent(fleetId, event.EventTime, event.EventId, { fresh: true });
    return fresh?.event.PreSignedLogUrl ?? null;
  }

  private async lookUpEvent(fleetId: string, eventTime: Date, eventId: string, fresh: boolean) {
    let token: string | undefined;
    for (let call = 0; call < MAX_EVENT_LOOKUP_CALLS; call++) {
      const key: EventPageKey = {
        fleetId,
        startTime: eventTime.getTime(),
        endTime: eventTime.getTime(),
        token,
        limit: EVENT_LOOKUP_PAGE_SIZE,
      };
      const page = fresh ? await this.describeFleetEvents(key) : await this.eventPages.load(key);
      const event = page.items.find((candidate) => candidate.EventId === eventId);
      if (event) return { fleetId: fleetIdOf(fleetId), event };
      if (page.nextToken === undefined) return null;
      token = page.nextToken;
    }
    return null;
  }

  private async describeFleets(idsOrArns: readonly string[]): Promise<(FleetAttributes | null)[]> {
    const output = await this.send('DescribeFleetAttributes', () =>
      this.client.send(new DescribeFleetAttributesCommand({ FleetIds: [...idsOrArns] })),
    );
    // Results come in no particular order and omit unknown fleets: match by id or ARN.
    const byKey = new Map<string, FleetAttributes>();
    for (const fleet of output.FleetAttributes ?? []) {
      if (fleet.FleetId) byKey.set(fleet.FleetId, fleet);
      if (fleet.FleetArn) byKey.set(fleet.FleetArn, fleet);
    }
    return idsOrArns.map((key) => byKey.get(key) ?? null);
  }

  private async describeFleetEvents(key: EventPageKey): Promise<TokenPage<Event>> {
    const output = await this.send('DescribeFleetEvents', () =>
      this.client.send(
        new DescribeFleetEventsCommand({
          FleetId: key.fleetId,
          StartTime: key.startTime === undefined ? undefined : new Date(key.startTime),
          EndTime: key.endTime === undefined ? undefined : new Date(key.endTime),
          Limit: key.limit,
          NextToken: key.token,
        }),
      ),
    );
    return { items: output.Events ?? [], nextToken: output.NextToken };
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toGatewayError(error, operation);
    }
  }
}
