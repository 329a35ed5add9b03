import {
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { declaredCost } from './cost.js';

interface SelectedField {
  readonly node: FieldNode;
  readonly field: GraphQLField<unknown, unknown>;
}

/**
 * Whether the field being resolved selects, at `path` below it (e.g. ['edges', 'node']), a
 * field of the batched record `batch`: resolvers use it to load a record only when a selected
 * field needs it, so that a query makes exactly the upstream calls its fields need.
 */
export function selectsBatch(info: GraphQLResolveInfo, batch: string, path: readonly string[] = []): boolean {
  // A cached document hands out the same field nodes for every request: answer once per node.
  const [node] = info.fieldNodes;
  const key = `${info.parentType.name}|${batch}|${path.join('.')}`;
  const known = node && answers.get(node)?.get(key);
  if (known !== undefined) return known;
  const selects = findBatch(info, batch, path);
  if (node && info.fieldNodes.length === 1) {
    let byKey = answers.get(node);
    if (!byKey) answers.set(node, (byKey = new Map()));
    byKey.set(key, selects);
  }
  return selects;
}

const answers = new WeakMap<FieldNode, Map<string, boolean>>();

function findBatch(info: GraphQLResolveInfo, batch: string, path: readonly string[]): boolean {
  let level = info.fieldNodes.flatMap((node) => selectedIn(node.selectionSet, getNamedType(info.returnType), info));
  for (const name of path) {
    level = level
      .filter(({ node }) => node.name.value === name)
      .flatMap(({ node, field }) => selectedIn(node.selectionSet, getNamedType(field.type), info));
  }
  return level.some(({ field }) => declaredCost(field)?.batch === batch);
}

/** The fields a selection set selects on an object type, through fragments that apply to it. */
function selectedIn(set: SelectionSetNode | undefined, type: unknown, info: GraphQLResolveInfo): SelectedField[] {
  if (!set || !isObjectType(type)) return [];
  const fields: SelectedField[] = [];
  const visit = (selections: SelectionSetNode, seen: ReadonlySet<string>) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = type.getFields()[selection.name.value];
        if (field) fields.push({ node: selection, field });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(type, selection.typeCondition?.name.value)) visit(selection.selectionSet, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && !seen.has(fragment.name.value) && applies(type, fragment.typeCondition.name.value)) {
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
        }
      }
    }
  };
  visit(set, new Set());
  return fields;
}

function applies(type: GraphQLObjectType, condition: string | undefined): boolean {
  return condition === undefined || condition === type.name || type.getInterfaces().some((iface) => iface.name === condition);
}
