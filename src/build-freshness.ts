import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this build came from: dist/ holds this module, src/ its sources. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = join(ROOT, 'src');

/** The newest modification time under `dir`, in ms. */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * One line saying that the sources changed after dist/ was built (and what to run), or null when
 * the build is current, or when there are no sources beside it (an image holds only dist/). The
 * build time is this compiled module's own: every build writes it anew.
 */
export function staleBuildNotice(): string | null {
  const self = fileURLToPath(import.meta.url);
  if (!self.startsWith(join(ROOT, 'dist')) || !existsSync(SOURCES)) return null;
  const newest = newestUnder(SOURCES);
  return newest > statSync(self).mtimeMs ? 'src/ has changed since dist/ was built: this runs the older build (npm run build to rebuild)' : null;
}
