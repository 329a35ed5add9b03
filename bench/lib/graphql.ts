/** One GraphQL request from the bench process (set-up and single queries, not load). */

interface GraphqlAnswer<T> {
  readonly data?: T;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

/** The answer's data; throws with the errors when there are any. */
export async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphqlAnswer<T>;
  if (answer.errors?.length || answer.data === undefined) {
    throw new Error(`query failed (HTTP ${response.status}): ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}\n${query}`);
  }
  return answer.data;
}

/** `{"query": …, "variables": …}` as sent over HTTP, for load specs. */
export const graphqlBody = (query: string, variables: Record<string, unknown> = {}): string =>
  JSON.stringify({ query, variables });
