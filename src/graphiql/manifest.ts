import { fileURLToPath } from 'node:url';

/**
 * Where the build puts GraphiQL's files, whether this module runs from src/ or dist/: a folder of
 * their own (dist/graphiql-assets/), which the compiler never writes and rebuilding them clears
 * without touching compiled code.
 */
export const GRAPHIQL_ASSET_DIR = fileURLToPath(new URL('../../dist/graphiql-assets/', import.meta.url));

/** File names of the built GraphiQL assets (content-hashed), as the page refers to them. */
export interface GraphiQLManifest {
  readonly bundleVersion: string;
  readonly css: string;
  readonly js: string;
  readonly favicon: string;
  readonly workers: { readonly editorWorkerService: string; readonly json: string; readonly graphql: string };
}
