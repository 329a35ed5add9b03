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
import { DEFAULT_PAGE_SIZE } from '../gamelift/connection.js';
import type { FleetBatch } from '../gamelift/fleet-batch.js';

export type ArgumentValues = Readonly<Record<string, unknown>>;

/** Upstream requests (GameLift calls or log reads) one resolution of a field may cause. */
export interface UpstreamCost {
  /** Unbatched requests, or a function of the field's arguments. */
  readonly requests?: number | ((args: ArgumentValues) => number);
  /**
   * A per-fleet record loaded in batches: costs 1/GAMELIFT_MAX_FLEET_IDS_PER_CALL per object,
   * however many of its fields are selected.
   */
  readonly batch?: FleetBatch<object>['operation'];
}

const COST_EXTENSION = 'upstreamCost';

/** `extensions` of a field that calls upstream. Every such field must declare it (a test checks). */
export function cost(upstream: UpstreamCost): { readonly [COST_EXTENSION]: UpstreamCost } {
  return { [COST_EXTENSION]: upstream };
}

/** `extensions` of a field whose value is a per-fleet batched record. */
export function batched(batch: FleetBatch<object>): { readonly [COST_EXTENSION]: UpstreamCost } {
  return cost({ batch: batch.operation });
}

export function declaredCost(field: GraphQLField<unknown, unknown>): UpstreamCost | undefined {
  return field.extensions[COST_EXTENSION] as UpstreamCost | undefined;
}

export interface CostSettings {
  readonly maxFleetIdsPerCall: number;
}

/**
 * Estimates how many upstream requests an operation may cause: each field's own cost times how
 * many times it can resolve, where a connection's children resolve once per edge (`first` or
 * `last`, default 20) and a list of ids once per id. Batched records count once per object.
 * Unknown or invalid selections count nothing: validation reports them.
 */
export function estimateUpstreamCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: ArgumentValues,
  settings: CostSettings,
): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return Math.ceil(costOf(operation.selectionSet, root, 1, new Set(), new Set()));

  /** `batches`: the batched records already counted for these objects. */
  function costOf(
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    times: number,
    spreading: ReadonlySet<string>,
    batches: Set<string>,
  ): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += costOf(selection.selectionSet, type, times, spreading, batches);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || !isCompositeType(type) || spreading.has(fragment.name.value)) continue;
        total += costOf(fragment.selectionSet, type, times, new Set([...spreading, fragment.name.value]), batches);
      } else if (isObjectType(parent) || isInterfaceType(parent)) {
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const args = argumentValues(selection.arguments ?? []);
        const declared = declaredCost(field);
        if (declared?.batch && !batches.has(declared.batch)) {
          batches.add(declared.batch);
          total += times / settings.maxFleetIdsPerCall;
        }
        const requests = typeof declared?.requests === 'function' ? declared.requests(args) : (declared?.requests ?? 0);
        total += times * requests;
        const child = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(child)) {
          total += costOf(selection.selectionSet, child, times * fanOut(field, args), spreading, new Set());
        }
      }
    }
    return total;
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
