/**
 * Every field that makes upstream requests must declare its cost next to its definition, or the
 * cost limit would let it fan out unpriced. This test finds such fields by behaviour, not by a
 * list: it selects each field of each object type once, through the real gateway and simulator,
 * and compares the upstream requests made with and without it.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getNamedType, isCompositeType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { declaredCost } from '../../src/schema/cost.js';
import { FLEETS } from '../../src/simulator/index.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();

/** Argument values (GraphQL literals) that reach data with logs: the failed fleet's logged events. */
const SAMPLE_ARGUMENTS: Readonly<Record<string, string>> = {
  fleetId: JSON.stringify(FLEETS.failedCreation),
  fleetIds: JSON.stringify([FLEETS.failedCreation]),
  id: JSON.stringify(encodeGlobalID('Fleet', FLEETS.failedCreation)),
  ids: JSON.stringify([encodeGlobalID('Fleet', FLEETS.failedCreation)]),
  eventCodes: '[FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND]',
  first: '1',
};

function argumentsOf(field: GraphQLField<unknown, unknown>): string {
  const args = field.args.flatMap((arg) => {
    const sample = SAMPLE_ARGUMENTS[arg.name];
    if (sample !== undefined) return [`${arg.name}: ${sample}`];
    if (arg.type.toString().endsWith('!')) throw new Error(`add a sample value for required argument "${arg.name}"`);
    return [];
  });
  return args.length ? `(${args.join(', ')})` : '';
}

/** For each object type reachable from Query, the shortest query that reaches one of its objects. */
function routes(): Map<GraphQLObjectType, (inner: string) => string> {
  const query = schema.getQueryType();
  if (!query) throw new Error('no Query type');
  const found = new Map<GraphQLObjectType, (inner: string) => string>([[query, (inner) => `{ ${inner} }`]]);
  const queue = [query];
  for (let type = queue.shift(); type; type = queue.shift()) {
    const wrap = found.get(type) as (inner: string) => string;
    for (const field of Object.values(type.getFields())) {
      const child = getNamedType(field.type);
      if (!isObjectType(child) || found.has(child)) continue;
      found.set(child, (inner) => wrap(`${field.name}${argumentsOf(field)} { ${inner} }`));
      queue.push(child);
    }
  }
  return found;
}

async function upstreamRequests(query: string): Promise<number> {
  stack.sim.resetStats();
  const response = await stack.raw({ query });
  expect(response.errors, query).toBeUndefined();
  const stats = stack.sim.stats();
  return Object.values(stats.calls).reduce((sum, calls) => sum + calls, 0) + stats.logRequests;
}

describe('upstream cost declarations', () => {
  it('declares a cost on every field that makes upstream requests', async () => {
    const undeclared: string[] = [];
    let checked = 0;
    for (const [type, wrap] of routes()) {
      const baseline = await upstreamRequests(wrap('__typename'));
      for (const field of Object.values(type.getFields())) {
        const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
        const made = await upstreamRequests(wrap(`__typename ${field.name}${argumentsOf(field)}${selection}`));
        checked++;
        const declared = declaredCost(field);
        if (made > baseline && !declared?.batch && !declared?.calls && !declared?.logs) undeclared.push(`${type.name}.${field.name}`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(undeclared).toEqual([]);
  });
});
