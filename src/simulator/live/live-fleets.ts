import { randomUUID } from 'node:crypto';
import type { FleetDirectory, FleetView } from '../api/fleet-directory.js';
import { storedLog, type StoredLog } from '../logstore/objects.js';
import { fleetAttributes } from '../seed/attributes.js';
import { fleetArn } from '../seed/aws-ids.js';
import { sizeFleet } from '../seed/capacity.js';
import { isLoggedCode } from '../seed/event-codes.js';
import { failureLog } from '../seed/failure-logs.js';
import { GAMES } from '../seed/games.js';
import type { KnownEventCode, SeedEvent } from '../seed/index.js';
import { creationLog, logKeyFor } from '../seed/logs.js';
import { deletionMessage, Narrator } from '../seed/narrator.js';
import { definePlan, type FleetPlan } from '../seed/plan.js';
import { buildId, gameOfBuild } from '../seed/releases.js';
import { Rng } from '../seed/rng.js';
import { badInput, unknownFleet } from './control-error.js';
import { creationSteps, failureModeOf, isFailureCode } from './creation-script.js';
import { readAppendedEvents, readCreateFleetOptions } from './inputs.js';
import { LiveFleet } from './live-fleet.js';

/** Bounds per simulator, so a runaway test or script cannot exhaust memory. */
export const MAX_CREATED_FLEETS = 1_000;
export const MAX_APPENDED_EVENTS_PER_FLEET = 10_000;

export interface CreatedFleet {
  readonly fleetId: string;
  readonly fleetArn: string;
}

/** A created fleet's way to ACTIVE or ERROR, written by the seed's own narrator and log writers. */
interface Creation {
  readonly plan: FleetPlan;
  /** Tracks the status the steps have reached; its generator also writes the logs. */
  readonly narrator: Narrator;
  readonly steps: readonly KnownEventCode[];
  next: number;
  readonly phaseMs: number;
  readonly failureLog?: string;
}

interface EventDraft {
  readonly code: string;
  readonly message: string;
  readonly time: number;
  readonly log?: Buffer;
}

/**
 * One simulator's live state: fleets it created and its overlays of seeded fleets, their events
 * and logs. Nothing here touches the shared seed; every simulator has its own.
 */
export class LiveFleets {
  /** The pending creation step of each fleet still being created. */
  private readonly timers = new Map<LiveFleet, NodeJS.Timeout>();
  private created = 0;
  private closed = false;

  constructor(
    private readonly directory: FleetDirectory,
    /** The simulator's log store, which serves these logs through presigned URLs like the seeded ones. */
    private readonly logs: Map<string, StoredLog>,
    /** The Region whose fleets these are: their ARNs name it. */
    private readonly region: string,
  ) {}

  create(options?: unknown): CreatedFleet {
    this.checkOpen();
    const order = readCreateFleetOptions(options);
    if (this.created >= MAX_CREATED_FLEETS) throw badInput(`This simulator has created ${MAX_CREATED_FLEETS} fleets, the most it creates`);
    const fleetId = order.fleetId ?? `fleet-${randomUUID()}`;
    if (this.directory.find(fleetId)) throw badInput(`createFleet options.fleetId ${fleetId} names a fleet that exists`);
    this.created += 1;
    const game = (order.buildId === undefined ? undefined : gameOfBuild(order.buildId)) ?? GAMES.battleRoyale;
    const failure = failureModeOf(order.outcome);
    const plan = definePlan({
      id: fleetId,
      name: order.name ?? `${game.slug}-live-${this.created}`,
      environment: 'development',
      description: `${game.title} fleet created through the simulator's control API`,
      game,
      runtime: { kind: 'build', buildId: order.buildId ?? buildId(game, 'candidate') },
      status: 'NEW',
      createdAt: Date.now(),
      ...(failure === undefined ? {} : { failure }),
    });
    const narrator = new Narrator(plan, Rng.forKey(`live:${fleetId}`));
    const fleet = new LiveFleet({
      attributes: Object.freeze({ ...fleetAttributes(plan, narrator.story), FleetArn: fleetArn(fleetId, this.region) }),
      events: [],
      emptyPagesOnTimeFilter: false,
      sizing: sizeFleet(fleetId, narrator.story),
    });
    this.directory.add(fleet);
    const { phaseMs, outcome, failureLog: exactLog } = order;
    const creation: Creation = { plan, narrator, steps: creationSteps(outcome), next: 0, phaseMs, ...(exactLog === undefined ? {} : { failureLog: exactLog }) };
    // FLEET_CREATED happens with the fleet, at its CreationTime.
    this.step(fleet, creation, plan.createdAt);
    return { fleetId, fleetArn: fleet.attributes.FleetArn };
  }

  append(reference: string, events: unknown): SeedEvent[] {
    this.checkOpen();
    const found = this.existing(reference);
    const fleetId = found.attributes.FleetId;
    const drafts = readAppendedEvents(events);
    const fleet = this.overlay(found);
    const room = MAX_APPENDED_EVENTS_PER_FLEET - fleet.appended;
    if (drafts.length > room) {
      throw badInput(`Fleet ${fleetId} takes ${room} more appended events (at most ${MAX_APPENDED_EVENTS_PER_FLEET} per fleet); got ${drafts.length}`);
    }
    fleet.appended += drafts.length;
    return drafts.map((draft) =>
      this.write(fleet, {
        code: draft.eventCode,
        message: draft.message ?? `${draft.eventCode} on fleet ${fleetId}, appended through the simulator's control API.`,
        time: draft.eventTime ?? fleet.nextEventTime(),
        ...(draft.log === undefined ? {} : { log: Buffer.from(draft.log, 'utf8') }),
      }),
    );
  }

  /** Stops any creation in progress, writes FLEET_DELETED and leaves the fleet TERMINATED. */
  delete(reference: string): void {
    this.checkOpen();
    const found = this.existing(reference);
    const { FleetId, Status } = found.attributes;
    if (Status === 'TERMINATED') throw badInput(`Fleet ${FleetId} is already TERMINATED`);
    const fleet = this.overlay(found);
    clearTimeout(this.timers.get(fleet));
    this.timers.delete(fleet);
    const time = fleet.nextEventTime();
    this.write(fleet, { code: 'FLEET_DELETED', message: deletionMessage(FleetId), time });
    fleet.setStatus('TERMINATED', time);
  }

  /** Cancels every pending creation step; later control calls throw. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('The simulator is closed');
  }

  private existing(reference: string): FleetView {
    const fleet = this.directory.find(reference);
    if (fleet === undefined) throw unknownFleet(reference);
    return fleet;
  }

  /** The fleet as this simulator's own to change: a seeded one gets a live copy in its place first. */
  private overlay(found: FleetView): LiveFleet {
    if (found instanceof LiveFleet) return found;
    const fleet = new LiveFleet(found);
    this.directory.replace(fleet);
    return fleet;
  }

  private step(fleet: LiveFleet, creation: Creation, time = fleet.nextEventTime()): void {
    const code = creation.steps[creation.next];
    if (code === undefined) return;
    creation.next += 1;
    const log = this.creationLog(creation, code, time);
    const { narrator } = creation;
    this.write(fleet, { code, message: narrator.narrate(code).message, time, ...(log === undefined ? {} : { log }) });
    // The narrator moves the story's status on each FLEET_STATE_<S>; the attributes follow it.
    const status = narrator.story.fleetStatus;
    if (status !== fleet.attributes.Status) fleet.setStatus(status, time);
    this.scheduleNext(fleet, creation);
  }

  /** Real wall-clock time between steps; the timer is unref'd so it never keeps a process alive. */
  private scheduleNext(fleet: LiveFleet, creation: Creation): void {
    if (creation.next >= creation.steps.length) return;
    if (creation.phaseMs === 0) return this.step(fleet, creation);
    const timer = setTimeout(() => {
      this.timers.delete(fleet);
      try {
        this.step(fleet, creation);
      } catch (error) {
        // A bug must not take the process down from a timer; report it like a failed request.
        console.error('GameLift simulator: creation step failed', error);
      }
    }, creation.phaseMs);
    timer.unref();
    this.timers.set(fleet, timer);
  }

  private creationLog(creation: Creation, code: KnownEventCode, at: number): Buffer | undefined {
    const context = { plan: creation.plan, rng: creation.narrator.rng, at };
    if (isFailureCode(code)) return Buffer.from(creation.failureLog ?? failureLog(code, context), 'utf8');
    return isLoggedCode(code) ? creationLog(code, context).bytes : undefined;
  }

  private write(fleet: LiveFleet, { code, message, time, log }: EventDraft): SeedEvent {
    const fleetId = fleet.attributes.FleetId;
    // GameLift event ids are UUIDs; the leading 'a' marks them as event ids, as in the seed.
    const EventId = `a${randomUUID().slice(1)}`;
    let logKey: string | undefined;
    if (log !== undefined) {
      logKey = logKeyFor(fleetId, EventId, code);
      this.logs.set(logKey, storedLog(log, time));
    }
    const event: SeedEvent = Object.freeze({
      EventId,
      ResourceId: fleetId,
      EventCode: code,
      Message: message,
      EventTime: time,
      ...(logKey === undefined ? {} : { logKey }),
    });
    fleet.add(event);
    return event;
  }
}
