import type { Event } from '@aws-sdk/client-gamelift';
import { GatewayError } from '../errors.js';
import { fleetIdOf } from '../fleets/ids.js';
import type { PagedSource, TokenPage } from '../paging/pagination.js';
import type { CallOptions, GameLiftUpstream } from '../upstream/upstream.js';

/** A fleet event together with the fleet whose log it came from. */
export interface FleetEventRecord {
  readonly fleetId: string;
  /** The fleet's home Region: where the event is asked for again. */
  readonly region: string;
  readonly event: Event;
}

export interface FleetEventFilters {
  readonly startTime?: Date | undefined;
  readonly endTime?: Date | undefined;
  /** Applied by the gateway: GameLift has no such filter. */
  readonly matches?: ((event: Event) => boolean) | undefined;
}

/** Upstream calls a `find` may make among events sharing one timestamp. */
const MAX_LOOKUP_CALLS = 5;
const LOOKUP_PAGE_SIZE = 100;

interface PageRequest {
  readonly fleetId: string;
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
  readonly token: string | undefined;
  readonly limit: number;
}

/**
 * Fleet event pages (DescribeFleetEvents) for one GraphQL request: an identical page asked
 * twice in the request is read once, unless the caller needs it fresh.
 */
export class FleetEvents {
  private readonly pagesRead = new Map<string, Promise<TokenPage<Event>>>();

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly region: string,
    private readonly options: CallOptions,
  ) {}

  /** A fleet's event log, newest first, as a token-paged source for the Relay connection. */
  source(fleetId: string, filters: FleetEventFilters): PagedSource<FleetEventRecord> {
    const { matches } = filters;
    return {
      fetchPage: async (token, limit) => {
        const page = await this.page({
          fleetId,
          startTime: filters.startTime?.getTime(),
          endTime: filters.endTime?.getTime(),
          token,
          limit,
        });
        const { region } = this;
        return { items: page.items.map((event) => ({ fleetId, region, event })), nextToken: page.nextToken };
      },
      keyOf: (record) => record.event.EventId ?? '',
      ...(matches ? { matches: (record: FleetEventRecord) => matches(record.event) } : {}),
    };
  }

  /**
   * Looks an event up again by what identifies it. Events are found by their exact timestamp,
   * so only the few events sharing it are read. Null when the fleet has no such event; throws
   * NOT_FOUND when GameLift does not know the fleet.
   */
  async find(fleetId: string, eventTime: Date, eventId: string, { fresh = false } = {}): Promise<FleetEventRecord | null> {
    const at = eventTime.getTime();
    let token: string | undefined;
    for (let call = 0; call < MAX_LOOKUP_CALLS; call++) {
      const page = await this.page({ fleetId, startTime: at, endTime: at, token, limit: LOOKUP_PAGE_SIZE }, fresh);
      const event = page.items.find((candidate) => candidate.EventId === eventId);
      if (event) return { fleetId: fleetIdOf(fleetId), region: this.region, event };
      if (page.nextToken === undefined) return null;
      token = page.nextToken;
    }
    return null;
  }

  /** A freshly minted PreSignedLogUrl for an event; null when the event or its fleet is gone. */
  async freshLogUrl({ fleetId, event }: FleetEventRecord): Promise<string | null> {
    if (!event.EventTime || !event.EventId) return null;
    try {
      const fresh = await this.find(fleetId, event.EventTime, event.EventId, { fresh: true });
      return fresh?.event.PreSignedLogUrl ?? null;
    } catch (error) {
      // A deleted fleet's logs are gone with it: the same answer as an event without a log.
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private page(request: PageRequest, fresh = false): Promise<TokenPage<Event>> {
    if (fresh) return this.describe(request, true);
    const key = JSON.stringify(request);
    let page = this.pagesRead.get(key);
    if (!page) {
      page = this.describe(request, false);
      this.pagesRead.set(key, page);
    }
    return page;
  }

  private async describe(request: PageRequest, fresh: boolean): Promise<TokenPage<Event>> {
    const output = await this.upstream.send(
      'DescribeFleetEvents',
      {
        FleetId: request.fleetId,
        StartTime: request.startTime === undefined ? undefined : new Date(request.startTime),
        EndTime: request.endTime === undefined ? undefined : new Date(request.endTime),
        Limit: request.limit,
        NextToken: request.token,
      },
      fresh ? { ...this.options, fresh } : this.options,
    );
    return { items: output.Events ?? [], nextToken: output.NextToken };
  }
}
