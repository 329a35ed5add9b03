import { GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { estimateUpstreamCost, type ArgumentValues, type CostSettings } from '../../schema/cost.js';

/** Estimates kept per parsed document (yoga's parser cache hands out the same one for the same text). */
const MAX_ESTIMATES_PER_DOCUMENT = 100;

/**
 * Refuses, before any upstream call, an operation whose estimated upstream requests exceed the
 * configured budget: aliases and nested connections could otherwise fan out without bound.
 * The estimate is made once per document and operation (and variables, when it has any).
 */
export function costLimit(maxCost: number, settings: CostSettings): Plugin {
  const estimates = new WeakMap<DocumentNode, Map<string, number>>();
  const estimate = (document: DocumentNode, operationName: string | undefined, variables: ArgumentValues, schema: Parameters<typeof estimateUpstreamCost>[0]) => {
    const hasVariables = document.definitions.some((definition) => 'variableDefinitions' in definition && definition.variableDefinitions?.length);
    const key = hasVariables ? JSON.stringify([operationName ?? null, variables]) : (operationName ?? '');
    let known = estimates.get(document);
    if (!known) estimates.set(document, (known = new Map()));
    let cost = known.get(key);
    if (cost === undefined) {
      cost = estimateUpstreamCost(schema, document, operationName, variables, settings);
      if (known.size >= MAX_ESTIMATES_PER_DOCUMENT) known.clear();
      known.set(key, cost);
    }
    return cost;
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const cost = estimate(args.document, args.operationName ?? undefined, args.variableValues ?? {}, args.schema);
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
