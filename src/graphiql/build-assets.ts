/**
 * Build step (`npm run build`): splits the GraphiQL bundle that @graphql-yoga/render-graphiql
 * inlines into one 9 MB page into separate, content-hashed, precompressed files in
 * dist/graphiql-assets/, so that browsers download it once (gzip/br, about 2 MB) and cache it for good.
 * Skipped when the files for this version of the bundle are already there.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { GRAPHIQL_ASSET_DIR, type GraphiQLManifest } from './manifest.js';

interface BundledAssets {
  readonly js: string;
  readonly css: string;
  readonly favicon: string;
  readonly editorWorkerService: string;
  readonly jsonWorker: string;
  readonly graphqlWorker: string;
}

const require = createRequire(import.meta.url);
const entry = require.resolve('@graphql-yoga/render-graphiql');
const packageJson = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
// The package exports only its HTML renderer; its assets module sits next to it, pinned with the version.
const bundled = require(join(dirname(entry), 'graphiql.js')) as BundledAssets;

const manifestPath = join(GRAPHIQL_ASSET_DIR, 'manifest.json');
if (existsSync(manifestPath) && (JSON.parse(readFileSync(manifestPath, 'utf8')) as GraphiQLManifest).bundleVersion === packageJson.version) {
  // Up to date: nothing to say (scripts such as `npm run -s api-key` print only their own output).
  process.exit(0);
}

rmSync(GRAPHIQL_ASSET_DIR, { recursive: true, force: true });
mkdirSync(GRAPHIQL_ASSET_DIR, { recursive: true });

/** Writes `content` as name.<hash>.ext with .gz and .br beside it; returns the file name. */
function write(name: string, extension: string, content: Buffer): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const file = `${name}.${hash}.${extension}`;
  writeFileSync(join(GRAPHIQL_ASSET_DIR, file), content);
  writeFileSync(join(GRAPHIQL_ASSET_DIR, `${file}.gz`), gzipSync(content, { level: 9 }));
  writeFileSync(
    join(GRAPHIQL_ASSET_DIR, `${file}.br`),
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
  );
  return file;
}

const favicon = /^data:image\/x-icon;base64,(.*)$/s.exec(bundled.favicon)?.[1];
if (!favicon) throw new Error('unexpected GraphiQL favicon format');
const manifest: GraphiQLManifest = {
  bundleVersion: packageJson.version,
  css: write('graphiql', 'css', Buffer.from(bundled.css)),
  js: write('graphiql', 'js', Buffer.from(bundled.js)),
  favicon: write('favicon', 'ico', Buffer.from(favicon, 'base64')),
  workers: {
    editorWorkerService: write('editor.worker', 'js', Buffer.from(bundled.editorWorkerService)),
    json: write('json.worker', 'js', Buffer.from(bundled.jsonWorker)),
    graphql: write('graphql.worker', 'js', Buffer.from(bundled.graphqlWorker)),
  },
};
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
console.error(`GraphiQL assets built in ${GRAPHIQL_ASSET_DIR}`);
