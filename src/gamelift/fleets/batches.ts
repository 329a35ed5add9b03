import DataLoader from 'dataloader';
import type { GameLiftUpstream, CallOptions } from '../upstream/upstream.js';
import type { InputOf, Operation, OutputOf } from '../upstream/operations.js';

/** Operations that take a list of fleet ids and answer one record per fleet they know. */
type FleetBatchOperation = {
  [Op in Operation]: InputOf<Op> extends { FleetIds?: string[] } ? Op : never;
}[Operation];

interface FleetRecord {
  readonly FleetId?: string;
  readonly FleetArn?: string;
}

/**
 * A per-fleet record that GameLift serves in batches by `FleetIds` (attributes, capacity,
 * utilization): unknown ids are silently left out and results come in the service's order.
 */
export interface FleetBatch<R extends FleetRecord> {
  readonly operation: FleetBatchOperation;
  readonly records: (output: never) => readonly R[] | undefined;
}

export function fleetBatch<Op extends FleetBatchOperation, R extends FleetRecord>(
  operation: Op,
  records: (output: OutputOf<Op>) => readonly R[] | undefined,
): FleetBatch<R> {
  return { operation, records: records as (output: never) => readonly R[] | undefined };
}

/**
 * Fleet records for one GraphQL request: every load of one kind made in the same tick becomes
 * one upstream call per `maxIdsPerCall` fleets, and each fleet is asked for once per request.
 */
export class FleetBatches {
  private readonly loaders = new Map<FleetBatch<FleetRecord>, DataLoader<string, FleetRecord | null>>();

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly maxIdsPerCall: number,
    private readonly options: CallOptions,
  ) {}

  /** The record of a fleet (by id or ARN); null when GameLift returns none for it. */
  load<R extends FleetRecord>(batch: FleetBatch<R>, idOrArn: string): Promise<R | null> {
    return this.loaderFor(batch).load(idOrArn) as Promise<R | null>;
  }

  private loaderFor(batch: FleetBatch<FleetRecord>): DataLoader<string, FleetRecord | null> {
    let loader = this.loaders.get(batch);
    if (!loader) {
      loader = new DataLoader((idsOrArns) => this.fetch(batch, idsOrArns), { maxBatchSize: this.maxIdsPerCall });
      this.loaders.set(batch, loader);
    }
    return loader;
  }

  private async fetch(batch: FleetBatch<FleetRecord>, idsOrArns: readonly string[]): Promise<(FleetRecord | null)[]> {
    const output = await this.upstream.send(batch.operation, { FleetIds: [...idsOrArns] }, this.options);
    // Match by id or ARN: results omit unknown fleets and do not follow the request's order.
    const byKey = new Map<string, FleetRecord>();
    for (const record of batch.records(output as never) ?? []) {
      if (record.FleetId) byKey.set(record.FleetId, record);
      if (record.FleetArn) byKey.set(record.FleetArn, record);
    }
    return idsOrArns.map((key) => byKey.get(key) ?? null);
  }
}
