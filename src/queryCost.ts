import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type ArgumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './gamelift/connection.js';

/**
 * Upstream requests a field costs each time it resolves: GameLift calls, or log downloads.
 * Fleet lookups are batched 50 to a call, so they count for less than one.
 */
const UPSTREAM_COST: Readonly<Record<string, number>> = {
  'Query.fleet': 1 / 50,
  'Query.fleets': 2,
  'Query.node': 1,
  'Query.nodes': 1,
  'Fleet.events': 1,
  'FleetEvent.fleet': 1 / 50,
  'FleetEvent.logContent': 1,
  'FleetEvent.log': 1,
};

/**
 * Estimates how many upstream requests an operation may cause: each field's own cost times how
 * many times it can resolve, where a connection's children resolve once per edge (`first` or
 * `last`, default 20). Unknown or invalid selections count nothing: validation reports them.
 */
export function estimateUpstreamCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Readonly<Record<string, unknown>>,
): number {
  const root = schema.getRootType(operation.operation);
  return root ? costOf(operation.selectionSet, root, 1, new Set()) : 0;

  function costOf(set: SelectionSetNode, parent: GraphQLCompositeType, times: number, spreading: Set<string>): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += costOf(selection.selectionSet, type, times, spreading);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || !isCompositeType(type) || spreading.has(fragment.name.value)) continue;
        total += costOf(fragment.selectionSet, type, times, new Set([...spreading, fragment.name.value]));
      } else if (isObjectType(parent) || isInterfaceType(parent)) {
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        total += times * (UPSTREAM_COST[`${parent.name}.${field.name}`] ?? 0);
        const child = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(child)) {
          total += costOf(selection.selectionSet, child, times * fanOut(field, selection.arguments ?? []), spreading);
        }
      }
    }
    return total;
  }

  /** How many times a field's children resolve each time the field itself does. */
  function fanOut(field: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[]): number {
    const value = (name: string) => {
      const node = args.find((arg) => arg.name.value === name);
      return node ? valueFromASTUntyped(node.value, variables) : undefined;
    };
    if (field.args.some((arg) => arg.name === 'first')) {
      const size = value('first') ?? value('last');
      return typeof size === 'number' && size >= 0 ? size : DEFAULT_PAGE_SIZE;
    }
    const ids = value('ids');
    return Array.isArray(ids) ? ids.length : 1;
  }
}
