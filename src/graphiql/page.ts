import type { GraphiQLManifest } from './manifest.js';

/** Inline JSON safe inside <script>: no `</script>` or `<!--` can close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The GraphiQL page: a few hundred bytes of HTML that load the built assets from `assetPath`
 * (same origin: no request leaves the gateway). Monaco's workers load from the same files.
 */
export function graphiqlPage(manifest: GraphiQLManifest, assetPath: string, options: Record<string, unknown>): string {
  const url = (file: string) => `${assetPath}${file}`;
  const workers = Object.fromEntries(Object.entries(manifest.workers).map(([label, file]) => [label, url(file)]));
  const title = String(options.title ?? 'GraphiQL').replace(/[<&]/g, '');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="${url(manifest.favicon)}" />
    <link rel="stylesheet" href="${url(manifest.css)}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
    </script>
    <script src="${url(manifest.js)}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}
