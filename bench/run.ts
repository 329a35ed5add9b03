/**
 * `npm run bench [-- SCENARIO… ] [--quick] [--write]`: measures the gateway, as its own process
 * from dist/, against baselines in the same run, on loopback only, every load bounded in time.
 * Prints a Markdown report on stdout (progress on stderr); `--write` puts it into
 * bench/RESULTS.md. Scenarios (all by default): proxy, calls, startup, memory, dashboards, floods, live-memory, live-cluster, traces.
 */
import { fileURLToPath } from 'node:url';
import { stopAll } from './lib/processes.js';
import { runStamp } from './lib/report.js';
import { writeResults } from './lib/results-file.js';
import { checkBuilt } from './lib/servers.js';
import { FULL, progress, QUICK, type Settings } from './lib/settings.js';
import { callsScenario } from './scenarios/calls.js';
import { dashboardsScenario } from './scenarios/dashboards.js';
import { floodsScenario } from './scenarios/floods.js';
import { liveClusterScenario } from './scenarios/live-cluster.js';
import { liveMemoryScenario } from './scenarios/live-memory.js';
import { memoryScenario } from './scenarios/memory.js';
import { proxyScenario } from './scenarios/proxy.js';
import { startupScenario } from './scenarios/startup.js';
import { tracesScenario } from './scenarios/traces.js';

/** Returns its section of the report, starting with its `## ` heading. */
type Scenario = (settings: Settings) => Promise<string>;

/** In report order. */
const SCENARIOS: ReadonlyMap<string, Scenario> = new Map([
  ['proxy', proxyScenario],
  ['calls', callsScenario],
  ['startup', startupScenario],
  ['memory', memoryScenario],
  ['dashboards', dashboardsScenario],
  ['floods', floodsScenario],
  ['live-memory', liveMemoryScenario],
  ['live-cluster', liveClusterScenario],
  ['traces', tracesScenario],
]);

const USAGE = `usage: npm run bench -- [${[...SCENARIOS.keys()].join('|')}]… [--quick] [--write]
  --quick  about 2 s per load: checks that the bench works, measures nothing worth keeping
  --write  also puts the report into bench/RESULTS.md (the scenarios run replace their own blocks)`;

interface Options {
  readonly scenarios: readonly string[];
  readonly settings: Settings;
  readonly write: boolean;
}

function parseArguments(args: readonly string[]): Options {
  const unknown = args.filter((arg) => !SCENARIOS.has(arg) && !['--quick', '--write'].includes(arg));
  if (unknown.length > 0 || args.includes('--help')) {
    console.error(unknown.length > 0 ? `bench: unknown argument ${unknown.join(' ')}\n${USAGE}` : USAGE);
    process.exit(2);
  }
  const named = new Set(args.filter((arg) => SCENARIOS.has(arg)));
  return {
    scenarios: [...SCENARIOS.keys()].filter((name) => named.size === 0 || named.has(name)),
    settings: args.includes('--quick') ? QUICK : FULL,
    write: args.includes('--write'),
  };
}

/** The stamp goes under the heading: a section kept in RESULTS.md from an older run says when it was measured. */
function withStamp(markdown: string, stamp: string): string {
  const headingEnd = markdown.indexOf('\n');
  return `${markdown.slice(0, headingEnd)}\n\n${stamp}${markdown.slice(headingEnd)}`;
}

async function main(options: Options): Promise<void> {
  checkBuilt();
  const stamp = runStamp(options.settings);
  const sections = new Map<string, string>();
  console.log('# fleetgraph benchmark\n');
  for (const name of options.scenarios) {
    progress(`${name}: starting`);
    const markdown = withStamp((await (SCENARIOS.get(name) as Scenario)(options.settings)).trim(), stamp);
    sections.set(name, markdown);
    console.log(`${markdown}\n`);
  }
  if (options.write) {
    const path = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
    writeResults(path, sections, [...SCENARIOS.keys()]);
    progress(`wrote ${[...sections.keys()].join(', ')} into ${path}`);
  }
}

// Ctrl-C must not leave gateways behind: end them, then exit as interrupted.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)));
}

try {
  await main(parseArguments(process.argv.slice(2)));
} catch (error) {
  progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
