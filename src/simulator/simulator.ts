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
import { seedData, type SeedData, type SeedEvent } from './seed/index.js';
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
}

export interface Simulator {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string;
  /** The seeded data, for tests to compare against; fleets and events added at run time are not in it. */
  readonly data: SeedData;
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
  readonly live: LiveFleets;
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
  // Each simulator has its own directory and log store, so its live fleets are its alone.
  const directory = new FleetDirectory(seedData.fleets);
  const logObjects = storeLogs(seedData);
  const live = new LiveFleets(directory, logObjects);
  const logUrls = new LogUrlSigner({
    base: (options.logUrlBase ?? url).replace(/\/+$/, ''),
    now,
    dateOffsetSeconds: options.logUrlDateOffsetSeconds ?? 0,
  });
  const routes: Routes = {
    api: {
      context: {
        directory,
        tokens: new PageTokens(),
        logUrls,
        maxFleetIdsPerCall: options.maxFleetIdsPerCall ?? 50,
        emptyPages: options.emptyPages ?? 'seeded',
      },
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
    stats: () => stats.snapshot(),
    calls: () => stats.loggedCalls(),
    resetStats: () => stats.reset(),
    setFaults: (changes) => faults.update(changes),
    createFleet: (options) => live.create(options),
    appendEvents: (fleetId, events) => live.append(fleetId, events),
    deleteFleet: (fleetId) => live.delete(fleetId),
    fleetStatus: (fleetId) => directory.find(fleetId)?.attributes.Status,
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
