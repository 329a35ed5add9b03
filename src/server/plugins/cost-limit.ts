import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { recordOf } from '../../observability/request-record.js';
import { estimateUpstreamCost, type ArgumentValues, type CostEstimate, type CostSettings } from '../../schema/cost.js';

/** Estimates kept per operation of a document (yoga's parser cache hands out the same document for the same text). */
const MAX_ESTIMATES_PER_OPERATION = 100;

/** The estimates of one operation, keyed by the values of the variables the estimate depends on. */
interface OperationEstimates {
  /** The variables the estimator read (page sizes, id lists); the others (a startTime) do not change the cost. */
  readonly reads: ReadonlySet<string>;
  readonly byValues: Map<string, CostEstimate>;
}

export interface CostLimits extends CostSettings {
  /** MAX_QUERY_COST: GameLift calls and log reads together. */
  readonly maxCost: number;
  /** GameLift calls the rate budget can start within the queue timeout, now. */
  budgetCapacity(): number;
  /** LOG_MAX_PER_REQUEST: log reads one result (a query, or one event of a subscription) may make. */
  readonly maxLogs: number;
}

/** Estimates the cost, noting which variables it read. */
function estimateWatchingVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: ArgumentValues,
  settings: CostSettings,
): { estimate: CostEstimate; reads: Set<string> } {
  const reads = new Set<string>();
  const watched = new Proxy(variables, {
    get: (target, name) => {
      if (typeof name === 'string') reads.add(name);
      return target[name as keyof typeof target];
    },
  });
  return { estimate: estimateUpstreamCost(schema, document, operationName, watched, settings), reads };
}

const refusal = (message: string, extensions: Record<string, unknown>): ExecutionResult => ({ errors: [new GraphQLError(message, { extensions })] });

/**
 * Refuses, before any upstream call, an operation that may cause more upstream requests than
 * MAX_QUERY_COST, or more GameLift calls than the rate budget can start within
 * GAMELIFT_QUEUE_TIMEOUT_MS (it would only time out halfway, having spent the budget); and a
 * subscription whose every event would read more logs than LOG_MAX_PER_REQUEST. Subscriptions are
 * checked when they subscribe, with the same codes as queries. The estimate is made once per
 * document and operation, and again only for other values of the variables it depends on.
 */
export function costLimit(limits: CostLimits): Plugin {
  const known = new WeakMap<DocumentNode, Map<string, OperationEstimates>>();
  const estimate = (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: ArgumentValues) => {
    let operations = known.get(document);
    if (!operations) known.set(document, (operations = new Map()));
    const operation = operations.get(operationName ?? '');
    const valuesKey = (reads: ReadonlySet<string>) => JSON.stringify([...reads].map((name) => variables[name] ?? null));
    const cached = operation?.byValues.get(valuesKey(operation.reads));
    if (cached !== undefined) return cached;
    const { estimate: fresh, reads } = estimateWatchingVariables(schema, document, operationName, variables, limits);
    const entry = operation && sameNames(operation.reads, reads) ? operation : { reads, byValues: new Map<string, CostEstimate>() };
    if (entry.byValues.size >= MAX_ESTIMATES_PER_OPERATION) entry.byValues.clear();
    entry.byValues.set(valuesKey(reads), fresh);
    operations.set(operationName ?? '', entry);
    return fresh;
  };
  const check = (args: ExecutionArgs, subscription: boolean): ExecutionResult | null => {
    const { calls, logs, total } = estimate(args.schema, args.document, args.operationName ?? undefined, args.variableValues ?? {});
    const request = (args.contextValue as { request?: Request }).request;
    const record = request && recordOf(request);
    if (record) record.cost = total;
    if (total > limits.maxCost) {
      return refusal(
        `This operation may cause about ${total} upstream requests; the limit is ${limits.maxCost} (MAX_QUERY_COST). ` +
          'Ask for smaller pages (first/last), fewer nested connections or fewer logs.',
        { code: 'QUERY_TOO_COSTLY', cost: total, maxCost: limits.maxCost, limit: limits.maxCost, actual: total },
      );
    }
    const capacity = limits.budgetCapacity();
    if (calls > capacity) {
      return refusal(
        `This operation may make about ${calls} GameLift calls; the GameLift budget can start ${capacity} within the queue timeout ` +
          '(GAMELIFT_MAX_RPS × GAMELIFT_QUEUE_TIMEOUT_MS). Ask for fewer objects or smaller pages, or split the operation.',
        { code: 'QUERY_TOO_COSTLY', cost: total, gameliftCalls: calls, limit: capacity, actual: calls },
      );
    }
    if (subscription && logs > limits.maxLogs) {
      return refusal(`Each event of this subscription may read ${logs} logs; the limit is ${limits.maxLogs} (LOG_MAX_PER_REQUEST).`, {
        code: 'LOG_LIMIT_EXCEEDED',
        limit: limits.maxLogs,
        actual: logs,
      });
    }
    return null;
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const refused = check(args, false);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      const refused = check(args, true);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}

function sameNames(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((name) => b.has(name));
}
