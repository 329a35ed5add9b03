import type { GraphQLFormattedError } from 'graphql';
import type { FleetDiagnosisQuery, FleetTailSubscription } from './generated.js';

type FleetEvent = FleetTailSubscription['fleetEvents'];
type Fleet = NonNullable<FleetDiagnosisQuery['fleet']>;
type Timeline = NonNullable<Fleet['creationTimeline']>;
type Diagnosis = NonNullable<Fleet['diagnosis']>;

/** The code as GameLift sent it when it is newer than the gateway (served as UNKNOWN). */
const codeOf = (event: Pick<FleetEvent, 'eventCode' | 'rawEventCode'>) => (event.eventCode === 'UNKNOWN' ? event.rawEventCode : event.eventCode);

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** `2026-11-29T09:08:04.747Z  FLEET_STATE_ACTIVE  <message>` */
export function eventLine(event: FleetEvent): string {
  return `${event.eventTime}  ${codeOf(event)}  ${oneLine(event.message ?? '')}`.trimEnd();
}

/** `fleetgraph: NOT_FOUND: <message> (at fleet)`: one line per GraphQL error, its code first. */
export function errorLine(error: GraphQLFormattedError): string {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'ERROR';
  const at = error.path && error.path.length > 0 ? ` (at ${error.path.join('.')})` : '';
  return `fleetgraph: ${code}: ${oneLine(error.message)}${at}`;
}

/** 0.052s, 12.5s, 1m 28.4s, 2h 3m 4s. */
function duration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  const whole = Math.round(seconds * 10) / 10;
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = Number((whole % 60).toFixed(1));
  return hours > 0 ? `${hours}h ${minutes}m ${Math.round(rest)}s` : `${minutes}m ${rest}s`;
}

/**
 * The human report of `fleetgraph diagnose`: outcome, phase table, then why it failed and the log
 * tail. `logTailFailed`: the log could not be read (its error goes to stderr).
 */
export function diagnosisReport(fleet: Fleet, lines: number, logTailFailed: boolean): string {
  const title = `Fleet ${fleet.fleetId}${fleet.name ? ` (${fleet.name})` : ''}, status ${fleet.status ?? 'unknown'}`;
  const timeline = fleet.creationTimeline;
  if (!timeline) return `${title}\nNo creation timeline: the fleet has no FLEET_CREATED event.\n`;
  const sections = [`${title}\n${outcomeLine(timeline)}`, phaseTable(timeline)];
  if (fleet.diagnosis) sections.push(failureSection(fleet.diagnosis), logTailSection(fleet.diagnosis, lines, logTailFailed));
  const report = sections.join('\n\n');
  return report.endsWith('\n') ? report : `${report}\n`;
}

function outcomeLine(timeline: Timeline): string {
  if (timeline.outcome === 'IN_PROGRESS') return `Creation: IN_PROGRESS, now ${timeline.phases.at(-1)?.state ?? 'NEW'}`;
  return `Creation: ${timeline.outcome}${timeline.durationSeconds === null ? '' : ` after ${duration(timeline.durationSeconds)}`}`;
}

function phaseTable(timeline: Timeline): string {
  const rows = [
    ['PHASE', 'STARTED', 'DURATION'],
    ...timeline.phases.map((phase) => [phase.state, phase.startedAt, phase.durationSeconds === null ? 'still running' : duration(phase.durationSeconds)]),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd()).join('\n');
}

const LABEL_WIDTH = 13;
const labelled = (label: string, text: string) => `${label.padEnd(LABEL_WIDTH)}${text}`;

function failureSection(diagnosis: Diagnosis): string {
  const event = diagnosis.failureEvent;
  return [
    labelled('Failure:', `${codeOf(event)} at ${event.eventTime}, during ${diagnosis.phase}`),
    ...(event.message ? [labelled('', oneLine(event.message))] : []),
    labelled('Explanation:', oneLine(diagnosis.explanation)),
    labelled('Hint:', oneLine(diagnosis.hint)),
  ].join('\n');
}

/** The log exactly as served (line endings kept), ending with a line break. */
function logTailSection(diagnosis: Diagnosis, lines: number, failed: boolean): string {
  const log = diagnosis.logTail;
  if (log === null) return failed ? 'Log tail: could not be read (the error is on stderr)\n' : 'Log tail: none (the failure event has no log)\n';
  return `Log tail (last ${lines} lines of the ${codeOf(diagnosis.failureEvent)} log):\n${log}${/[\r\n]$/.test(log) ? '' : '\n'}`;
}
