/**
 * Which hosts the gateway may contact to read presigned log URLs.
 *
 * The URLs come from GameLift responses, but the gateway must not become a proxy that fetches
 * anything a (spoofed, misconfigured or simulated) upstream hands it, so every URL, including
 * each redirect target, is checked before a connection is opened.
 *
 * Pattern syntax (`LOG_URL_ALLOWED_HOSTS`, comma-separated, replaces the default):
 * - `host` or `host:port`; hosts are matched case-insensitively, label by label.
 * - `*.suffix` matches any host with at least one more label in front of `suffix`, at any depth
 *   (`*.amazonaws.com` matches `bucket.s3.us-west-2.amazonaws.com`), but not the apex
 *   `suffix` itself: list the apex separately if it is wanted. Wildcards never match IP literals.
 * - Without a port, only the scheme's default port (443 / 80) is allowed.
 * - Wildcard patterns allow `https` only; plain `http` needs the host listed explicitly
 *   (local simulators, test servers), so a wildcard can never downgrade transport security.
 * - IPv6 literals are written in brackets: `[::1]:9000`.
 * URLs carrying credentials (`user:pass@host`) are never allowed.
 */

export interface HostPattern {
  /** Lower-case host (`example.com`, `127.0.0.1`, `[::1]`); for wildcards, the part after `*.`. */
  readonly host: string;
  readonly wildcard: boolean;
  /** `null`: the scheme's default port only. */
  readonly port: number | null;
}

export interface HostAllowlist {
  readonly patterns: readonly HostPattern[];
}

/** AWS's S3 endpoints, over HTTPS on the default port: what GameLift's presigned URLs use. */
export const defaultHostAllowlist: HostAllowlist = Object.freeze({
  patterns: Object.freeze([Object.freeze({ host: 'amazonaws.com', wildcard: true, port: null })]),
});

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'https:': 443, 'http:': 80 };

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;
const IPV4_LITERAL = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const PORT = /^\d{1,5}$/;

/**
 * Parses `LOG_URL_ALLOWED_HOSTS`. Undefined or blank yields the default (`*.amazonaws.com`,
 * https, port 443). Empty entries (a trailing comma) are ignored; anything malformed throws, so
 * a typo fails at startup rather than silently blocking or allowing hosts.
 */
export function parseHostAllowlist(raw: string | undefined): HostAllowlist {
  if (raw === undefined || raw.trim() === '') return defaultHostAllowlist;
  const patterns = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseHostPattern);
  if (patterns.length === 0) {
    throw new Error(`LOG_URL_ALLOWED_HOSTS has no host patterns: "${raw}"`);
  }
  return { patterns };
}

function parseHostPattern(entry: string): HostPattern {
  const invalid = (why: string) =>
    new Error(`LOG_URL_ALLOWED_HOSTS: invalid host pattern "${entry}": ${why}`);

  const shape = 'expected host[:port] without scheme, path or credentials, e.g. "localhost:9000"';
  // IPv6 literals are bracketed, so any colon outside brackets introduces the port.
  const match = /^(\[[^\]]*\]|[^:[\]/@]*)(?::([^/@]*))?$/.exec(entry);
  if (match === null) throw invalid(shape);
  const hostPart = (match[1] ?? '').toLowerCase();
  const portPart = match[2] ?? null;

  const wildcard = hostPart.startsWith('*.');
  const host = wildcard ? hostPart.slice(2) : hostPart;
  if (wildcard && !HOSTNAME.test(host)) {
    throw invalid('a wildcard must be "*." followed by a DNS name, e.g. "*.amazonaws.com"');
  }
  if (!wildcard && !HOSTNAME.test(host) && !IPV6_LITERAL.test(host)) throw invalid(shape);

  const canonicalHost = IPV6_LITERAL.test(host) ? canonicalIpv6(host, invalid) : host;
  if (portPart === null) return { host: canonicalHost, wildcard, port: null };
  const port = Number(portPart);
  if (!PORT.test(portPart) || port < 1 || port > 65_535) {
    throw invalid('port must be a number from 1 to 65535');
  }
  return { host: canonicalHost, wildcard, port };
}

/** `URL` compresses IPv6 literals (`[0:0::1]` → `[::1]`); patterns must compare in that form. */
function canonicalIpv6(host: string, invalid: (why: string) => Error): string {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    throw invalid('not a valid IPv6 address');
  }
}

/** Whether the gateway may send a request to `url`. */
export function isUrlAllowed(url: URL, allowlist: HostAllowlist): boolean {
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  const port = url.port === '' ? defaultPort : Number(url.port);
  return allowlist.patterns.some(
    (pattern) =>
      (pattern.port ?? defaultPort) === port &&
      (pattern.wildcard
        ? url.protocol === 'https:' && !isIpLiteral(host) && host.endsWith(`.${pattern.host}`)
        : host === pattern.host),
  );
}

function isIpLiteral(host: string): boolean {
  return IPV4_LITERAL.test(host) || host.startsWith('[');
}
