import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { estimateUpstreamCost, type ArgumentValues, type CostSettings } from '../../schema/cost.js';

/** Estimates kept per operation of a document (yoga's parser cache hands out the same document for the same text). */
const MAX_ESTIMATES_PER_OPERATION = 100;

/** The estimates of one operation, keyed by the values of the variables the estimate depends on. */
interface OperationEstimates {
  /** The variables the estimator read (page sizes, id lists); the others (a startTime) do not change the cost. */
  readonly reads: ReadonlySet<string>;
  readonly byValues: Map<string, number>;
}

/** Estimates the cost, noting which variables it read. */
function estimateWatchingVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: ArgumentValues,
  settings: CostSettings,
): { cost: number; reads: Set<string> } {
  const reads = new Set<string>();
  const watched = new Proxy(variables, {
    get: (target, name) => {
      if (typeof name === 'string') reads.add(name);
      return target[name as keyof typeof target];
    },
  });
  return { cost: estimateUpstreamCost(schema, document, operationName, watched, settings), reads };
}

/**
 * Refuses, before any upstream call, an operation whose estimated upstream requests exceed the
 * configured budget: aliases and nested connections could otherwise fan out without bound.
 * The estimate is made once per document and operation, and again only for other values of the
 * variables it depends on.
 */
export function costLimit(maxCost: number, settings: CostSettings): Plugin {
  const known = new WeakMap<DocumentNode, Map<string, OperationEstimates>>();
  const estimate = (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: ArgumentValues) => {
    let operations = known.get(document);
    if (!operations) known.set(document, (operations = new Map()));
    const operation = operations.get(operationName ?? '');
    const valuesKey = (reads: ReadonlySet<string>) => JSON.stringify([...reads].map((name) => variables[name] ?? null));
    const cached = operation?.byValues.get(valuesKey(operation.reads));
    if (cached !== undefined) return cached;
    const { cost, reads } = estimateWatchingVariables(schema, document, operationName, variables, settings);
    const entry = operation && sameNames(operation.reads, reads) ? operation : { reads, byValues: new Map<string, number>() };
    if (entry.byValues.size >= MAX_ESTIMATES_PER_OPERATION) entry.byValues.clear();
    entry.byValues.set(valuesKey(reads), cost);
    operations.set(operationName ?? '', entry);
    return cost;
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const cost = estimate(args.schema, args.document, args.operationName ?? undefined, args.variableValues ?? {});
      if (cost <= maxCost) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            `This query may cause about ${cost} upstream requests; the limit is ${maxCost}. ` +
              'Ask for smaller pages (first/last), fewer nested connections or fewer logs.',
            { extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost, limit: maxCost, actual: cost } },
          ),
        ],
      });
    },
  };
}

function sameNames(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((name) => b.has(name));
}
