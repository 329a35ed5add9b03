import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmptyPagesMode } from './api/context.js';
import { sendInternalError, serveApi, type ApiEndpointDeps } from './api/endpoint.js';
import { FleetDirectory } from './api/fleet-directory.js';
import { PageTokens } from './api/tokens.js';
import type { ApiCall } from './call-log.js';
import { FaultInjector, type Faults } from './faults.js';
import { reply, replyJson } from './http/reply.js';
import { isFleetControlPath, serveFleetControl } from './live/endpoint.js';
import type { AppendedEvent, CreateFleetOptions } from './live/inputs.js';
import { LiveFleets, type CreatedFleet } from './live/live-fleets.js';
import { serveLog, type LogStoreDeps } from './logstore/handler.js';
import { storeLogs } from './logstore/objects.js';
import { LogUrlSigner } from './logstore/signer.js';
import { DEFAULT_REGIONS, regionalFleets, SEED_REGION } from './regions.js';
import { seedData, type SeedData, type SeedEvent, type SeedFleet } from './seed/index.js';
import { StatsRecorder, type SimulatorStats } from './stats.js';

export interface SimulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Most FleetIds one DescribeFleetAttributes, DescribeFleetCapacity or DescribeFleetUtilization call accepts; default 50. */
  maxFleetIdsPerCall?: number;
  /** Clock in epoch ms for minting and expiring log URLs; default Date.now. */
  now?: () => number;
  /** Origin for minted PreSignedLogUrl values; default the simulator's own url. */
  logUrlBase?: string;
  /** Shifts X-Amz-Date of minted URLs (e.g. -1000: already expired when minted); default 0. */
  logUrlDateOffsetSeconds?: number;
  /** Which fleets answer time-filtered DescribeFleetEvents with possibly empty pages; default 'seeded'. */
  emptyPages?: EmptyPagesMode;
  faults?: Partial<Faults>;
  /**
   * The Regions served, told apart by each request's SigV4 credential scope (AWS has an endpoint
   * per Region; the simulator serves them all on one port); default DEFAULT_REGIONS (us-west-2,
   * the seed's, and eu-central-1). A request for another Region gets UnrecognizedClientException,
   * as a Region the account has not enabled does.
   */
  regions?: readonly string[];
}

export interface Simulator {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string;
  /** The seeded data of SEED_REGION, for tests to compare against; fleets and events added at run time are not in it. */
  readonly data: SeedData;
  /** The Regions served. */
  readonly regions: readonly string[];
  /** The seeded fleets of a Region served, in store order (ListFleets order); `data.fleets` for SEED_REGION. */
  regionFleets(region: string): readonly SeedFleet[];
  stats(): SimulatorStats;
  /** GameLift API requests to known operations (faulted ones too), oldest first by arrival; the newest 100,000. */
  calls(): ApiCall[];
  /** Zeroes the stats and empties the call log. */
  resetStats(): void;
  /** Merges into the current faults. */
  setFaults(faults: Partial<Faults>): void;
  /**
   * Creates a fleet that appears at once (status NEW, event FLEET_CREATED) and then walks its
   * creation phases, one step per `phaseMs`, to ACTIVE or to the failure `outcome` names.
   * Throws ControlError (status 400) for bad options.
   */
  createFleet(options?: CreateFleetOptions): CreatedFleet;
  /** The same, in another Region served. */
  createFleetIn(region: string, options?: CreateFleetOptions): CreatedFleet;
  /** Adds events to any fleet (id or ARN), seeded or created; returns them with their EventIds. ControlError 404/400. */
  appendEvents(fleetId: string, events: readonly AppendedEvent[]): SeedEvent[];
  /** Writes FLEET_DELETED and makes the fleet TERMINATED; its events stay readable. ControlError 404/400. */
  deleteFleet(fleetId: string): void;
  /** A fleet's status now (id or ARN, seeded or created), as DescribeFleetAttributes would answer it; undefined for an unknown fleet. */
  fleetStatus(fleetId: string): string | undefined;
  close(): Promise<void>;
}

const EMPTY_PAGE_MODES: readonly EmptyPagesMode[] = ['seeded', 'always', 'never'];

function checkOptions(options: SimulatorOptions): void {
  const integerIn = (name: string, value: number | undefined, min: number, max: number): void => {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min || value > max)) {
      throw new RangeError(`SimulatorOptions.${name} must be an integer from ${min} to ${max}, got ${value}`);
    }
  };
  integerIn('port', options.port, 0, 65_535);
  integerIn('maxFleetIdsPerCall', options.maxFleetIdsPerCall, 1, Number.MAX_SAFE_INTEGER);
  integerIn('logUrlDateOffsetSeconds', options.logUrlDateOffsetSeconds, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (options.emptyPages !== undefined && !EMPTY_PAGE_MODES.includes(options.emptyPages)) {
    throw new RangeError(`SimulatorOptions.emptyPages must be one of ${EMPTY_PAGE_MODES.join(', ')}`);
  }
  for (const region of options.regions ?? []) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new RangeError(`SimulatorOptions.regions: "${region}" is not a Region name`);
  }
  if (options.logUrlBase !== undefined && !/^https?:\/\/[^/]/.test(options.logUrlBase)) {
    throw new RangeError(`SimulatorOptions.logUrlBase must be an http(s) URL, got ${options.logUrlBase}`);
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

interface Routes {
  readonly api: ApiEndpointDeps;
  readonly logs: LogStoreDeps;
  readonly stats: StatsRecorder;
  readonly live: RegionalLiveFleets;
}

/** The control API's fleets across Regions: created in SEED_REGION, changed wherever they live. */
class RegionalLiveFleets {
  constructor(
    private readonly byRegion: ReadonlyMap<string, { readonly directory: FleetDirectory; readonly live: LiveFleets }>,
  ) {}

  in(region: string): LiveFleets {
    const found = this.byRegion.get(region)?.live;
    if (!found) throw new RangeError(`This simulator does not serve ${region}`);
    return found;
  }

  create(options?: unknown): CreatedFleet {
    return this.in(SEED_REGION).create(options);
  }

  append(reference: string, events: unknown): SeedEvent[] {
    return this.holding(reference).append(reference, events);
  }

  delete(reference: string): void {
    this.holding(reference).delete(reference);
  }

  status(reference: string): string | undefined {
    for (const { directory } of this.byRegion.values()) {
      const fleet = directory.find(reference);
      if (fleet) return fleet.attributes.Status;
    }
    return undefined;
  }

  close(): void {
    for (const { live } of this.byRegion.values()) live.close();
  }

  /** The Region's fleets that hold the fleet, or the seed Region's (whose error then names it unknown). */
  private holding(reference: string): LiveFleets {
    for (const { directory, live } of this.byRegion.values()) if (directory.find(reference)) return live;
    return this.in(SEED_REGION);
  }
}

/** Only origin-form targets ('/path?query') can match a route; '//host/...' or 'http://...' never do. */
const parseTarget = (target: string | undefined): URL | undefined =>
  target?.startsWith('/') && !target.startsWith('//') ? new URL(target, 'http://simulator.invalid') : undefined;

async function route(request: IncomingMessage, response: ServerResponse, routes: Routes): Promise<void> {
  const url = parseTarget(request.url);
  const path = url?.pathname;
  const { method } = request;
  if (path === '/' && method === 'POST') return serveApi(request, response, routes.api);
  if (url && path?.startsWith('/logs/') && (method === 'GET' || method === 'HEAD')) return serveLog(request, response, url, routes.logs);
  if (path !== undefined && isFleetControlPath(path)) return serveFleetControl(request, response, path, routes.live);
  request.resume();
  if (path === '/_simulator/stats' && method === 'GET') return replyJson(response, 200, routes.stats.snapshot());
  if (path === '/_simulator/calls' && method === 'GET') return replyJson(response, 200, routes.stats.loggedCalls());
  if (path === '/_simulator/stats/reset' && method === 'POST') {
    routes.stats.reset();
    return reply(response, 204, {});
  }
  replyJson(response, 404, { message: `No route for ${method} ${request.url}` });
}

/** A bug must not take the server down: answer 500 and report it. After close(), just hang up. */
function failSafely(response: ServerResponse, error: unknown, closing: AbortSignal): void {
  if (!closing.aborted) console.error('GameLift simulator: unexpected error', error);
  if (closing.aborted || response.headersSent) response.destroy();
  else sendInternalError(response);
}

/** Starts an in-process GameLift endpoint (plus its S3-like log store) serving the seed data. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const faults = new FaultInjector(options.faults);
  const stats = new StatsRecorder();
  const closing = new AbortController();
  // Every request waiting out an injected latency listens to it: many at once is normal.
  setMaxListeners(0, closing.signal);

  const server = createServer();
  const { port } = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Each simulator has its own directories and log store, so its live fleets are its alone.
  const logObjects = storeLogs(seedData);
  const served = [...new Set(options.regions ?? DEFAULT_REGIONS)];
  const seeded = new Map(served.map((region) => [region, regionalFleets(region)]));
  const stores = new Map(
    served.map((region) => {
      const directory = new FleetDirectory(seeded.get(region) ?? []);
      return [region, { directory, live: new LiveFleets(directory, logObjects, region) }];
    }),
  );
  const live = new RegionalLiveFleets(stores);
  const tokens = new PageTokens();
  const logUrls = new LogUrlSigner({
    base: (options.logUrlBase ?? url).replace(/\/+$/, ''),
    now,
    dateOffsetSeconds: options.logUrlDateOffsetSeconds ?? 0,
  });
  const routes: Routes = {
    api: {
      regions: new Map(
        [...stores].map(([region, { directory }]) => [
          region,
          { region, directory, tokens, logUrls, maxFleetIdsPerCall: options.maxFleetIdsPerCall ?? 50, emptyPages: options.emptyPages ?? 'seeded' },
        ]),
      ),
      faults,
      stats,
      closing: closing.signal,
    },
    logs: { objects: logObjects, signer: logUrls, faults, stats, now },
    stats,
    live,
  };
  // Attached only now because log URLs need the bound port; nothing is accepted before this runs.
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    route(request, response, routes).catch((error: unknown) => failSafely(response, error, closing.signal));
  });

  let closed: Promise<void> | undefined;
  return {
    url,
    data: seedData,
    regions: served,
    regionFleets: (region) => {
      const fleets = seeded.get(region);
      if (!fleets) throw new RangeError(`This simulator does not serve ${region}`);
      return fleets;
    },
    stats: () => stats.snapshot(),
    calls: () => stats.loggedCalls(),
    resetStats: () => stats.reset(),
    setFaults: (changes) => faults.update(changes),
    createFleet: (options) => live.create(options),
    createFleetIn: (region, options) => live.in(region).create(options),
    appendEvents: (fleetId, events) => live.append(fleetId, events),
    deleteFleet: (fleetId) => live.delete(fleetId),
    fleetStatus: (fleetId) => live.status(fleetId),
    close: () => {
      closed ??= new Promise((resolve, reject) => {
        live.close();
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
