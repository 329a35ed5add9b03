/** A GraphQL-shaped error answer for requests refused before GraphQL runs (401, 413, …). */
export function errorResponse(
  status: number,
  error: { readonly message: string; readonly code: string; readonly [extension: string]: unknown },
  headers: Record<string, string> = {},
): Response {
  const { message, ...extensions } = error;
  return new Response(JSON.stringify({ errors: [{ message, extensions }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
