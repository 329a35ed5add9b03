/** `npx fleetgraph` (dist/cli/fleetgraph.js, built by `pretest`) as its own process against a real gateway. */
import { readFile } from 'node:fs/promises';
import { parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { newApiKey } from '../src/auth/api-keys.js';
import { FleetDiagnosisDocument, FleetTailDocument, type FleetDiagnosisQuery, type FleetTailSubscription } from '../src/cli/generated.js';
import { schema } from '../src/schema/index.js';
import { FLEETS } from '../src/simulator/index.js';
import { JwksServer, signingKey, token } from './support/jwks.js';
import { runNode, type NodeProcess } from './support/node-process.js';
import { perFile } from './support/per-file.js';
import { startStack } from './support/stack.js';

const key = newApiKey('cli');
const jwks = perFile(JwksServer.start, (server) => server.close());
// API keys, and JWTs of the issuer and audience test/support/jwks.ts signs for.
const auth = () => ({ AUTH_API_KEYS: key.entry, AUTH_JWT_JWKS_URL: jwks().url, AUTH_JWT_ISSUER: 'https://idp.test/', AUTH_JWT_AUDIENCE: 'fleetgraph' });
const stack = perFile(() => startStack({ env: { ...auth(), LIVE_POLL_INTERVAL_MS: '200' } }), (s) => s.close());

const GUIDE = 'https://docs.aws.amazon.com/gamelift/latest/developerguide/fleets-creating-debug.html';
const UNKNOWN_FLEET = 'fleet-00000000-0000-4000-8000-000000000000';

type Fleet = NonNullable<FleetDiagnosisQuery['fleet']>;
type TailEvent = FleetTailSubscription['fleetEvents'];

/** The CLI with only the environment given (none of the test runner's FLEETGRAPH_* variables). */
const fleetgraph = (args: readonly string[], env: Record<string, string> = {}): NodeProcess => runNode(['dist/cli/fleetgraph.js', ...args], env);

const run = (args: readonly string[], env?: Record<string, string>) => fleetgraph(args, env).ended;
const withFlags = (...args: string[]) => [...args, '--url', stack().url, '--api-key', key.key];
const environment = () => ({ FLEETGRAPH_URL: stack().url, FLEETGRAPH_API_KEY: key.key });
/** The report from its log tail heading to the end. */
const logSection = (report: string) => report.slice(report.indexOf('Log tail'));
const jsonLines = <T>(text: string): T[] => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as T);
/** For expect.poll: waiting for a running CLI's output. */
const waitingFor = (what: string) => ({ timeout: 20_000, interval: 20, message: `waiting for ${what}` });

describe('fleetgraph operations', () => {
  it('sends the operations of src/cli/operations.graphql (run `npm run codegen` after changing it), valid against the schema', async () => {
    const source = parse(await readFile(new URL('../src/cli/operations.graphql', import.meta.url), 'utf8'));
    const generated = [FleetTailDocument, FleetDiagnosisDocument];
    expect(generated.map((document) => print(document))).toEqual(source.definitions.map((definition) => print(definition)));
    for (const document of generated) expect(validate(schema, document)).toEqual([]);
  });
});

describe('fleetgraph diagnose', () => {
  it('prints the seeded failed fleet outcome, phases, failure and log tail, and the same as one JSON line with --json (flags)', async () => {
    const json = await run(withFlags('diagnose', FLEETS.failedCreation, '--json'));
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(json.stdout.split('\n')).toHaveLength(2);
    const [fleet] = jsonLines<Fleet>(json.stdout);
    expect(fleet).toMatchObject({
      fleetId: FLEETS.failedCreation,
      creationTimeline: { outcome: 'ERROR' },
      diagnosis: { phase: 'VALIDATING', failureEvent: { eventCode: 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND' } },
    });
    const timeline = fleet?.creationTimeline;
    const diagnosis = fleet?.diagnosis;
    if (!timeline || !diagnosis?.logTail) throw new Error('no timeline, diagnosis or log tail');
    expect(timeline.phases.map((phase) => phase.state)).toEqual(['NEW', 'DOWNLOADING', 'VALIDATING', 'ERROR']);
    expect(diagnosis.hint).toContain(GUIDE);

    const human = await run(withFlags('diagnose', FLEETS.failedCreation));
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Creation: ERROR after \d/m);
    for (const phase of timeline.phases) {
      expect(human.stdout).toMatch(new RegExp(`^ +${phase.state} +${phase.startedAt.replaceAll('.', '\\.')} +\\d`, 'm'));
    }
    const failure = diagnosis.failureEvent;
    expect(human.stdout).toContain(`Failure:     FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND at ${failure.eventTime}, during VALIDATING`);
    expect(human.stdout).toContain(`Explanation: ${diagnosis.explanation}`);
    expect(human.stdout).toContain(`Hint:        ${diagnosis.hint}`);
    expect(logSection(human.stdout)).toBe(`Log tail (last 50 lines of the FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND log):\n${diagnosis.logTail}`);
  });

  it("prints a created failed fleet's log byte for byte, and --lines its last lines (credentials from the environment)", async () => {
    const failureLog = [
      '[gamelift] 2026-11-29T09:00:00Z running install.sh',
      '[gamelift] 2026-11-29T09:00:01Z + ./setup --prefix /local/game',
      '[gamelift] 2026-11-29T09:00:02Z ./setup: line 12: libstdc++.so.6: not found',
      '[gamelift] 2026-11-29T09:00:02Z install.sh exited with status 127',
      '',
    ].join('\r\n');
    const { fleetId } = stack().sim.createFleet({ outcome: 'FLEET_CREATION_FAILED_INSTALLER', phaseMs: 0, failureLog });

    const human = await run(['diagnose', fleetId], environment());
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Creation: ERROR after /m);
    expect(human.stdout).toContain('Failure:     FLEET_CREATION_FAILED_INSTALLER at ');
    expect(logSection(human.stdout)).toBe(`Log tail (last 50 lines of the FLEET_CREATION_FAILED_INSTALLER log):\n${failureLog}`);

    const json = await run(['diagnose', fleetId, '--json', '--lines', '2'], environment());
    expect(json.code).toBe(0);
    const [fleet] = jsonLines<Fleet>(json.stdout);
    expect(fleet?.diagnosis?.logTail).toBe(failureLog.split('\r\n').slice(-3).join('\r\n'));
  });
});

describe('fleetgraph tail', () => {
  it('prints each event as a JSON line as it comes, only --codes, and exits 0 after the deleted fleet FLEET_DELETED', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { fleetId } = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    const codes = 'FLEET_CREATED,FLEET_STATE_ACTIVE,FLEET_SCALING_EVENT';
    const tail = fleetgraph(withFlags('tail', fleetId, '--json', '--since', since, '--codes', codes));
    await expect.poll(tail.stdout, waitingFor('the creation to be replayed')).toContain('"FLEET_STATE_ACTIVE"');
    const appended = stack().sim.appendEvents(fleetId, [
      { eventCode: 'FLEET_SCALING_EVENT', message: 'desired 2' },
      { eventCode: 'INSTANCE_INTERRUPTED', message: 'spot reclaimed' },
      { eventCode: 'FLEET_SCALING_EVENT', message: 'desired 3' },
    ]);
    await expect.poll(tail.stdout, waitingFor('the appended events')).toContain(appended[2]?.EventId ?? '?');
    stack().sim.deleteFleet(fleetId);
    const { code, stdout, stderr } = await tail.ended;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const events = jsonLines<TailEvent>(stdout);
    expect(events.map((event) => event.eventCode)).toEqual(['FLEET_CREATED', 'FLEET_STATE_ACTIVE', 'FLEET_SCALING_EVENT', 'FLEET_SCALING_EVENT', 'FLEET_DELETED']);
    expect(events.slice(2, 4)).toEqual(
      [appended[0], appended[2]].map((event) => ({
        eventId: event?.EventId,
        eventTime: new Date(event?.EventTime ?? 0).toISOString(),
        eventCode: 'FLEET_SCALING_EVENT',
        rawEventCode: 'FLEET_SCALING_EVENT',
        message: event?.Message,
      })),
    );
  });

  it('prints one line per event, time, code and message (credentials from the environment)', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { fleetId } = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    stack().sim.deleteFleet(fleetId);
    const json = await run(['tail', fleetId, '--since', since, '--json'], environment());
    const human = await run(['tail', fleetId, '--since', since], environment());
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    const events = jsonLines<TailEvent>(json.stdout);
    expect(events.at(-1)?.eventCode).toBe('FLEET_DELETED');
    expect(human.stdout).toBe(events.map((event) => `${event.eventTime}  ${event.eventCode}  ${event.message}\n`).join(''));
  });

  it('reports an upstream error on stderr and goes on; Ctrl-C ends it with exit 0', async () => {
    const { fleetId } = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    const tail = fleetgraph(withFlags('tail', fleetId, '--json', '--since', new Date(Date.now() - 1000).toISOString()));
    try {
      await expect.poll(tail.stdout, waitingFor('the creation to be replayed')).toContain('"FLEET_STATE_ACTIVE"');
      stack().sim.setFaults({ internalErrorEveryNth: 1 });
      await expect.poll(tail.stderr, waitingFor('an error line')).toContain('\n');
    } finally {
      stack().sim.setFaults({ internalErrorEveryNth: 0 });
    }
    expect(tail.stderr()).toMatch(/^fleetgraph: UPSTREAM_UNAVAILABLE: /);
    const [event] = stack().sim.appendEvents(fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message: 'after the outage' }]);
    await expect.poll(tail.stdout, waitingFor('the event after the error')).toContain(event?.EventId ?? '?');
    tail.child.kill('SIGINT');
    expect((await tail.ended).code).toBe(0);
  });
});

describe('fleetgraph errors', () => {
  it('ends with NOT_FOUND on stderr and exit 1 for a fleet GameLift does not know', async () => {
    for (const command of ['tail', 'diagnose']) {
      const { code, stdout, stderr } = await run(withFlags(command, UNKNOWN_FLEET));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^fleetgraph: NOT_FOUND: .*\n$/);
    }
  });

  it('exits 1 with one line saying which variable or flag to set on a missing or refused key, never printing it', async () => {
    const wrong = newApiKey('nobody').key;
    for (const command of ['tail', 'diagnose']) {
      const refused = await run([command, FLEETS.failedCreation], { FLEETGRAPH_URL: stack().url, FLEETGRAPH_API_KEY: wrong });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^fleetgraph: .*refused the API key from FLEETGRAPH_API_KEY \(HTTP 401\): set FLEETGRAPH_API_KEY \(or --api-key\).*\n$/);
      expect(refused.stderr).not.toContain(wrong);
    }
    const flagged = await run(['diagnose', FLEETS.failedCreation, '--url', stack().url, '--api-key', wrong]);
    expect(flagged.stderr).toMatch(/refused the API key from --api-key \(HTTP 401\)/);
    expect(flagged.stderr).not.toContain(wrong);
    const missing = await run(['diagnose', FLEETS.failedCreation], { FLEETGRAPH_URL: stack().url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^fleetgraph: .*needs credentials \(HTTP 401\): set FLEETGRAPH_API_KEY \(or --api-key\).*\n$/);
  });

  it('sends a JWT from --token or FLEETGRAPH_TOKEN as a bearer token, and says which one was refused without printing it', async () => {
    const signer = await signingKey('cli');
    jwks().published = [signer];
    const jwt = await token(signer);
    const flagged = await run(['diagnose', FLEETS.failedCreation, '--json', '--url', stack().url, '--token', jwt]);
    expect(flagged.stderr).toBe('');
    expect(flagged.code).toBe(0);
    const { fleetId } = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    stack().sim.deleteFleet(fleetId);
    const tail = await run(['tail', fleetId, '--since', '2000-01-01T00:00:00Z'], { FLEETGRAPH_URL: stack().url, FLEETGRAPH_TOKEN: jwt });
    expect(tail.stderr).toBe('');
    expect(tail.code).toBe(0);
    expect(tail.stdout).toMatch(/ FLEET_DELETED /);

    const forged = `${jwt.slice(0, -4)}AAAA`;
    const refused = await run(['diagnose', FLEETS.failedCreation, '--url', stack().url, '--token', forged]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^fleetgraph: .*refused the token from --token \(HTTP 401\).*\n$/);
    expect(refused.stderr).not.toContain(forged);
  });

  it('exits 2 with the usage on stderr on bad usage, and prints it on stdout with --help', async () => {
    const bad = [
      [],
      ['logs', FLEETS.failedCreation],
      ['tail'],
      ['diagnose', FLEETS.failedCreation, '--verbose'],
      ['diagnose', FLEETS.failedCreation, '--since', '2026-01-01T00:00:00Z'],
      ['diagnose', FLEETS.failedCreation, '--lines', 'many'],
      ['tail', FLEETS.failedCreation, '--since', 'yesterday'],
      ['tail', FLEETS.failedCreation, FLEETS.sparse],
      ['tail', FLEETS.failedCreation, '--url'],
    ];
    for (const args of bad) {
      const { code, stdout, stderr } = await run(args, environment());
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(stderr).toMatch(/^fleetgraph: .+\n\nusage: fleetgraph tail FLEET_ID/);
    }
    const help = await run(['diagnose', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: fleetgraph tail FLEET_ID/);
    expect(help.stdout).toContain('--api-key KEY');
  });
});
