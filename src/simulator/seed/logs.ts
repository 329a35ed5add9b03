import { gzipSync } from 'node:zlib';
import { processId } from './aws-ids.js';
import type { LoggedEventCode } from './event-codes.js';
import { isWindows, onInstance, type GameProfile } from './games.js';
import { describeUpload, type FleetPlan, type SpecialLogKind } from './plan.js';
import type { Rng } from './rng.js';

/** Where GameLift stores an event's log: `logs/<fleetId>/events/<eventId>/<EVENT_CODE>.txt`. */
export const logKeyFor = (fleetId: string, eventId: string, code: string): string => `logs/${fleetId}/events/${eventId}/${code}.txt`;

/** A log object as stored: the exact bytes a GET returns. */
export interface LogObject {
  readonly bytes: Buffer;
  readonly encoding?: 'gzip';
  readonly special?: SpecialLogKind;
}

export interface LogContext {
  readonly plan: FleetPlan;
  readonly rng: Rng;
  /** When the phase began; log lines start here. */
  readonly at: number;
  readonly special?: SpecialLogKind;
}

/** Big enough to make a client stream rather than buffer carelessly; ~3 MiB builds in a few ms. */
const LARGE_LOG_BYTES = 3 * 1024 * 1024;

/** Timestamped lines, the clock advancing a little per line as a real phase would. */
export class LogWriter {
  private readonly lines: string[] = [];
  private clock: number;
  private byteCount = 0;

  constructor(
    private readonly start: number,
    private readonly rng: Rng,
  ) {
    this.clock = start;
  }

  line(text: string, minGapMs = 1, maxGapMs = 400): void {
    this.clock += this.rng.int(minGapMs, maxGapMs);
    const line = `${new Date(this.clock).toISOString()} ${text}\n`;
    this.byteCount += Buffer.byteLength(line);
    this.lines.push(line);
  }

  get elapsedSeconds(): string {
    return ((this.clock - this.start) / 1000).toFixed(1);
  }

  get bytes(): number {
    return this.byteCount;
  }

  text(): string {
    return this.lines.join('');
  }
}

type FileList = readonly (readonly [path: string, bytes: number])[];

/** A build zipped with an extra top-level folder: the classic cause of LAUNCH_PATH_NOT_FOUND. */
const nested = (game: GameProfile): FileList => game.files.map(([path, bytes]) => [`${game.slug}-server/${path}`, bytes]);

const extractedFiles = (plan: FleetPlan): FileList => (plan.failure === 'LAUNCH_PATH' ? nested(plan.game) : plan.game.files);

const MULTIBYTE_ASSETS = [
  'ステージ/東京タワー',
  'ステージ/富士山🗻',
  'キャラクター/忍者_赤🥷',
  'サウンド/効果音/爆発💥',
  'ムービー/オープニング🎬',
  'テクスチャ/桜🌸',
  'ローカライズ/台詞_café_Straße',
  'アイテム/寿司🍣',
];

/** Hundreds of Japanese/emoji names, so 2-, 3- and 4-byte UTF-8 sequences straddle many byte offsets. */
const multibyteAssets = (rng: Rng): FileList =>
  Array.from({ length: 480 }, (_, i) => [
    `StreamingAssets/${MULTIBYTE_ASSETS[i % MULTIBYTE_ASSETS.length]}_${String(i).padStart(3, '0')}.bundle`,
    rng.int(4_096, 9_000_000),
  ]);

function extractionLog({ plan, rng, at, special }: LogContext): string {
  const { game } = plan;
  const files = [...extractedFiles(plan), ...(special === 'multibyte' ? multibyteAssets(rng) : [])];
  const total = files.reduce((sum, [, bytes]) => sum + bytes, 0);
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Downloading ${describeUpload(plan.runtime)} (${Math.round(total * 0.62)} bytes compressed)`);
  log.line(`[gamelift] Download complete; archive checksum sha256:${rng.hex(64)} verified`, 20_000, 90_000);
  log.line(`[gamelift] Extracting archive to ${game.root}`);
  for (const [path, bytes] of files) log.line(`  inflating: ${onInstance(game, path)}  (${bytes} bytes)`, 2, 2_500);
  log.line(`[gamelift] Extraction complete: ${files.length} files, ${total} bytes`);
  return log.text();
}

interface StepOutput {
  readonly ok: readonly string[];
  readonly failed: readonly string[];
}

const PACKAGE_MANAGER: StepOutput = {
  ok: ['Last metadata expiration check: 0:14:02 ago.', 'Dependencies resolved.', 'Nothing to do.', 'Complete!'],
  failed: ['Last metadata expiration check: 0:14:02 ago.', 'Error: Unable to find a match: libicu72'],
};
const WINDOWS_INSTALLER: StepOutput = {
  ok: ['Installing Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810', 'Exit code: 0'],
  failed: ['Installing Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810', 'Exit code: 1638 (a newer version is already installed)'],
};
const QUIET: StepOutput = { ok: [], failed: ['Permission denied'] };

const OUTPUT_BY_COMMAND: Record<string, StepOutput> = {
  dnf: PACKAGE_MANAGER,
  yum: PACKAGE_MANAGER,
  'vc_redist.x64.exe': WINDOWS_INSTALLER,
  netsh: { ok: ['Ok.'], failed: ['The requested operation requires elevation (Run as administrator).'] },
};

/** What an install step prints, by the command it runs. */
export const outputOf = (step: string): StepOutput => {
  const command = step.split(' ')[0] ?? '';
  return OUTPUT_BY_COMMAND[command.split('\\').pop() ?? command] ?? QUIET;
};

/** The verbose unpacking a big install does; this is what makes the large log large. */
function unpackShaderCache(log: LogWriter, game: GameProfile, rng: Rng): void {
  log.line(`${isWindows(game) ? `${game.root}>` : '+'} tar -xvzf ShaderCache.tar.gz -C Saved`);
  for (let i = 0; log.bytes < LARGE_LOG_BYTES; i++) {
    const entry = `Saved/ShaderCache/${i.toString(16).padStart(6, '0')}.ushaderbytecode`;
    log.line(`x ${entry} (${rng.int(512, 262_144)} bytes) sha1=${rng.hex(40)}`, 0, 3);
  }
}

function installerLog({ plan, rng, at, special }: LogContext): string {
  const { game } = plan;
  const failed = plan.failure === 'INSTALLER';
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Running install script ${onInstance(game, game.installScript)} (timeout 1800 s)`);
  if (special === 'large') unpackShaderCache(log, game, rng);
  game.installSteps.forEach((step, i) => {
    const failing = failed && i === game.installSteps.length - 1;
    log.line(isWindows(game) ? `${game.root}> ${step}` : `+ ${step}`);
    const output = outputOf(step);
    for (const text of failing ? output.failed : output.ok) log.line(text, 50, 8_000);
  });
  log.line(`[gamelift] Install script exited with code ${failed ? 1 : 0} after ${log.elapsedSeconds} s`);
  return log.text();
}

/** Validation launches one server process the way the runtime configuration says. */
export function startValidationProcess(log: LogWriter, game: GameProfile, pid: number): void {
  log.line(`[gamelift] Starting validation process: ${onInstance(game, game.launchPath)} ${game.launchParameters}`.trimEnd());
  log.line(`[gamelift] Process ${pid} started`, 200, 2_000);
}

/** The classic runtime failure: a library the build needs is not on the instance. */
export function crashBeforeInitSdk(log: LogWriter, game: GameProfile, pid: number): void {
  log.line(`[process ${pid}] ${isWindows(game) ? 'The code execution cannot proceed because MSVCP140.dll was not found.' : 'error while loading shared libraries: libicuuc.so.72: cannot open shared object file: No such file or directory'}`);
  log.line(`[gamelift] Process ${pid} exited with code ${isWindows(game) ? -1073741515 : 127} before calling InitSDK()`);
}

/** GameLift gives a validation process 20 minutes, reporting every 5. */
export function waitForInitSdk(log: LogWriter, pid: number): void {
  for (let waited = 300; waited <= 1200; waited += 300) {
    log.line(`[gamelift] Still waiting for process ${pid} to call InitSDK() (${waited} s)`, 300_000, 300_000);
  }
}

function runtimeConfigLog({ plan, rng, at }: LogContext): string {
  const { game } = plan;
  const launchPath = onInstance(game, game.launchPath);
  const pid = processId(rng);
  const log = new LogWriter(at, rng);
  log.line('[gamelift] Validating runtime configuration');
  log.line(`[gamelift]   ServerProcesses[0]: LaunchPath=${launchPath}, Parameters="${game.launchParameters}", ConcurrentExecutions=${rng.int(1, 8)}`);
  log.line('[gamelift]   MaxConcurrentGameSessionActivations=2, GameSessionActivationTimeoutSeconds=300');
  if (plan.failure === 'LAUNCH_PATH') {
    log.line(`[gamelift] Checking launch path ${launchPath}: NOT FOUND`);
    log.line('[gamelift] Runtime configuration is invalid: 1 of 1 launch paths not found');
    return log.text();
  }
  const size = game.files.find(([path]) => path === game.launchPath)?.[1] ?? 0;
  log.line(`[gamelift] Checking launch path ${launchPath}: found (${size} bytes)`);
  startValidationProcess(log, game, pid);
  if (plan.failure === 'EXECUTABLE_RUNTIME') {
    crashBeforeInitSdk(log, game, pid);
    log.line('[gamelift] Runtime configuration is invalid: the server process failed to run');
    return log.text();
  }
  if (plan.failure === 'VALIDATION_TIMEOUT') {
    waitForInitSdk(log, pid);
    log.line('[gamelift] Runtime configuration validation timed out after 1200 s');
    return log.text();
  }
  log.line(`[gamelift] Process ${pid} called InitSDK()`, 1_000, 9_000);
  log.line(`[gamelift] Process ${pid} called ProcessReady() (port 7777)`, 1_000, 30_000);
  log.line(`[gamelift] Process ${pid} stopped after validation`);
  log.line('[gamelift] Runtime configuration is valid');
  return log.text();
}

export function launchPathLog({ plan, rng, at }: LogContext): string {
  const { game } = plan;
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Launch path ${onInstance(game, game.launchPath)} does not exist`);
  log.line(`[gamelift] Files under ${game.root} (depth 3):`);
  for (const [path, bytes] of nested(game)) log.line(`  ${onInstance(game, path)}  (${bytes} bytes)`, 0, 2);
  log.line(`[gamelift] Hint: the build contains a top-level folder "${game.slug}-server"; launch paths must name the file as installed under ${game.root}`);
  return log.text();
}

const WRITERS: Record<LoggedEventCode, (context: LogContext) => string> = {
  FLEET_CREATION_EXTRACTING_BUILD: extractionLog,
  FLEET_CREATION_RUNNING_INSTALLER: installerLog,
  FLEET_CREATION_VALIDATING_RUNTIME_CONFIG: runtimeConfigLog,
  FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND: launchPathLog,
};

/** The log GameLift stores for a creation-phase event, honouring the plan's special variants. */
export function creationLog(code: LoggedEventCode, context: Omit<LogContext, 'special'>): LogObject {
  const special = context.plan.specialLogs[code];
  if (special === 'empty') return { bytes: Buffer.alloc(0), special };
  const bytes = Buffer.from(WRITERS[code]({ ...context, special }), 'utf8');
  if (special === 'gzip') return { bytes: gzipSync(bytes), encoding: 'gzip', special };
  return special ? { bytes, special } : { bytes };
}
