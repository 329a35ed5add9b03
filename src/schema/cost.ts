/**
 * What each field costs upstream, declared where the field is defined (`extensions: cost(…)`),
 * and the estimate of a whole operation that the cost limit checks before anything is called.
 */
import {
  getNamedType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../gamelift/paging/connection.js';
import type { FleetBatch } from '../gamelift/fleets/batches.js';

export type ArgumentValues = Readonly<Record<string, unknown>>;

/** Upstream requests one resolution of a field may cause. */
export interface UpstreamCost {
  /** Unbatched GameLift calls, or a function of the field's arguments. */
  readonly calls?: number | ((args: ArgumentValues, settings: CostSettings) => number);
  /** Reads of a presigned log URL: every occurrence counts, aliases included. */
  readonly logs?: number;
  /**
   * A per-fleet record loaded in batches: costs 1/GAMELIFT_MAX_FLEET_IDS_PER_CALL GameLift call
   * per object, however many of its fields are selected.
   */
  readonly batch?: FleetBatch<object>['operation'];
}

/** An operation's estimate: GameLift calls (checked against the rate budget) and log reads; `total` is checked against MAX_QUERY_COST. */
export interface CostEstimate {
  readonly calls: number;
  readonly logs: number;
  readonly total: number;
}

const COST_EXTENSION = 'upstreamCost';

/** `extensions` of a field that calls upstream. Every such field must declare it (a test checks). */
export function cost(upstream: UpstreamCost): { readonly [COST_EXTENSION]: UpstreamCost } {
  return { [COST_EXTENSION]: upstream };
}

/**
 * The calls that find the home Region of a fleet named by a bare id: one batched
 * DescribeFleetAttributes per Region when several are served; none for an ARN, or with one Region.
 */
export const regionLookup = (args: ArgumentValues, settings: CostSettings): number =>
  settings.regions > 1 && !String(args.fleetId ?? '').startsWith('arn:') ? settings.regions : 0;

/** `extensions` of a field whose value is a per-fleet batched record. */
export function batched(batch: FleetBatch<object>): { readonly [COST_EXTENSION]: UpstreamCost } {
  return cost({ batch: batch.operation });
}

export function declaredCost(field: GraphQLField<unknown, unknown>): UpstreamCost | undefined {
  return field.extensions[COST_EXTENSION] as UpstreamCost | undefined;
}

export interface CostSettings {
  readonly maxFleetIdsPerCall: number;
  /** Regions served (GAMELIFT_REGIONS): lists span them, and a batch may go to each. */
  readonly regions: number;
}

/**
 * Estimates how many upstream requests an operation may cause: each field's own cost times how
 * many times it can resolve, where a connection's children resolve once per edge (`first` or
 * `last`, default 20) and a list of ids once per id (forged ids count like real ones). Batched
 * records count once per object. Unknown or invalid selections count nothing: validation
 * reports them.
 */
export function estimateUpstreamCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: ArgumentValues,
  settings: CostSettings,
): CostEstimate {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { calls: 0, logs: 0, total: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const tally = { calls: 0, logs: 0 };
  costOf(operation.selectionSet, root, 1, new Set(), new Set());
  const calls = Math.ceil(tally.calls);
  return { calls, logs: tally.logs, total: calls + tally.logs };

  /** Adds a selection set's cost to `tally`; `batches`: the batched records already counted for these objects. */
  function costOf(
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    times: number,
    spreading: ReadonlySet<string>,
    batches: Set<string>,
  ): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) costOf(selection.selectionSet, type, times, spreading, batches);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || !isCompositeType(type) || spreading.has(fragment.name.value)) continue;
        costOf(fragment.selectionSet, type, times, new Set([...spreading, fragment.name.value]), batches);
      } else if (isObjectType(parent) || isInterfaceType(parent)) {
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const args = argumentValues(selection.arguments ?? []);
        const declared = declaredCost(field);
        if (declared?.batch && !batches.has(declared.batch)) {
          batches.add(declared.batch);
          // One batched call per GAMELIFT_MAX_FLEET_IDS_PER_CALL objects, and at most one more in each other Region the objects may be in.
          tally.calls += times / settings.maxFleetIdsPerCall + Math.min(times, settings.regions - 1);
        }
        tally.calls += times * (typeof declared?.calls === 'function' ? declared.calls(args, settings) : (declared?.calls ?? 0));
        tally.logs += times * (declared?.logs ?? 0);
        const child = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(child)) {
          costOf(selection.selectionSet, child, times * fanOut(field, args), spreading, new Set());
        }
      }
    }
  }

  /** Arguments evaluated only when read: the estimate then depends only on the variables it needs. */
  function argumentValues(nodes: readonly ArgumentNode[]): ArgumentValues {
    const byName = new Map(nodes.map((node) => [node.name.value, node]));
    return new Proxy<Record<string, unknown>>(
      {},
      {
        get: (_target, name) => {
          const node = typeof name === 'string' ? byName.get(name) : undefined;
          return node ? valueFromASTUntyped(node.value, variables) : undefined;
        },
      },
    );
  }
}

/** How many times a field's children resolve each time the field itself does. */
function fanOut(field: GraphQLField<unknown, unknown>, args: ArgumentValues): number {
  if (field.args.some((arg) => arg.name === 'first')) {
    const size = args.first ?? args.last;
    return typeof size === 'number' && size >= 0 ? size : DEFAULT_PAGE_SIZE;
  }
  return Array.isArray(args.ids) ? args.ids.length : 1;
}
