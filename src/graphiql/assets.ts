import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GRAPHIQL_ASSET_DIR, type GraphiQLManifest } from './manifest.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  ico: 'image/x-icon',
};

/** The built GraphiQL files, served by name with the best encoding the client accepts, cached for good. */
export class GraphiQLAssets {
  private readonly files: ReadonlySet<string>;

  private constructor(
    readonly manifest: GraphiQLManifest,
    private readonly dir: string,
  ) {
    const { css, js, favicon, workers } = manifest;
    this.files = new Set([css, js, favicon, ...Object.values(workers)]);
  }

  /** Null when the build has not produced them (`npm run build`). */
  static load(dir: string = GRAPHIQL_ASSET_DIR): GraphiQLAssets | null {
    try {
      return new GraphiQLAssets(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as GraphiQLManifest, dir);
    } catch {
      return null;
    }
  }

  /** The response for an asset file name, or null when there is no such asset. */
  async serve(name: string, acceptEncoding: string | null): Promise<Response | null> {
    if (!this.files.has(name)) return null;
    const accepts = (encoding: string) => new RegExp(`(^|[\\s,])${encoding}(?!;q=0(\\.0*)?(\\s|,|$))`).test(acceptEncoding ?? '');
    const encoding = accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
    const suffix = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '';
    const body = await readFile(join(this.dir, name + suffix));
    return new Response(body, {
      headers: {
        'content-type': CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=31536000, immutable',
        vary: 'Accept-Encoding',
        ...(encoding ? { 'content-encoding': encoding } : {}),
      },
    });
  }
}
