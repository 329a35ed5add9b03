import { describe, expect, it } from 'vitest';

import { isUrlAllowed, parseHostAllowlist } from '../../src/gamelift/logs/allowlist.js';

describe('parseHostAllowlist / isUrlAllowed', () => {
  const cases: Array<[patterns: string | undefined, url: string, allowed: boolean]> = [
    // Default: https S3 hosts of AWS on 443 only.
    [undefined, 'https://gamelift-event-logs-prod-us-west-2.s3.us-west-2.amazonaws.com/logs/x.txt?a=b', true],
    ['', 'https://s3.amazonaws.com/bucket/key', true],
    ['  ', 'https://bucket.s3.eu-west-1.amazonaws.com:443/key', true],
    [undefined, 'https://amazonaws.com/key', false],
    [undefined, 'http://s3.amazonaws.com/key', false],
    [undefined, 'https://s3.amazonaws.com:8443/key', false],
    [undefined, 'https://evilamazonaws.com/key', false],
    [undefined, 'https://s3.amazonaws.com.evil.com/key', false],
    [undefined, 'https://s3.amazonaws.com./key', false],
    [undefined, 'https://user:pass@s3.amazonaws.com/key', false],
    [undefined, 'https://user@s3.amazonaws.com/key', false],
    [undefined, 'ftp://s3.amazonaws.com/key', false],
    [undefined, 'https://S3.AmazonAWS.com/key', true],
    [undefined, 'https://127.0.0.1/key', false],
    // Explicit hosts: http allowed; without a port only the scheme's default port.
    ['localhost:9000', 'http://localhost:9000/log', true],
    ['localhost:9000', 'https://localhost:9000/log', true],
    ['localhost:9000', 'http://localhost:9001/log', false],
    ['localhost:9000', 'http://localhost/log', false],
    ['LocalHost', 'http://localhost/log', true],
    ['localhost', 'https://localhost/log', true],
    ['localhost', 'http://localhost:443/log', false],
    ['localhost', 'http://sub.localhost/log', false],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080/', true],
    ['127.0.0.1:8080', 'http://2130706433:8080/', true],
    ['127.0.0.1:8080', 'http://127.0.0.2:8080/', false],
    ['[::1]:9000', 'http://[::1]:9000/', true],
    ['[0:0::1]:9000', 'http://[0:0:0:0:0:0:0:1]:9000/', true],
    ['[::1]:9000', 'http://[::2]:9000/', false],
    // Wildcards: https only, subdomains at any depth, never the apex, never IP literals.
    ['*.example.com', 'https://a.example.com/', true],
    ['*.example.com', 'https://a.b.example.com/', true],
    ['*.example.com', 'https://example.com/', false],
    ['*.example.com', 'http://a.example.com/', false],
    ['*.example.com', 'https://a.example.com:8443/', false],
    ['*.example.com:8443', 'https://a.example.com:8443/', true],
    ['*.example.com:8443', 'http://a.example.com:8443/', false],
    ['*.example.com', 'https://aexample.com/', false],
    ['*.0.0.1', 'https://127.0.0.1/', false],
    // Lists replace the default and match any entry.
    ['localhost:9000, *.example.com', 'https://s3.amazonaws.com/key', false],
    ['localhost:9000, *.example.com,', 'https://x.example.com/key', true],
    ['localhost:9000, *.example.com', 'http://localhost:9000/key', true],
  ];

  it.each(cases)('%j allows %s: %s', (patterns, url, allowed) => {
    expect(isUrlAllowed(new URL(url), parseHostAllowlist(patterns))).toBe(allowed);
  });

  it.each([
    ['https://s3.amazonaws.com', /without scheme, path or credentials/],
    ['s3.amazonaws.com/path', /without scheme, path or credentials/],
    ['user@host', /without scheme, path or credentials/],
    ['host:0', /port must be a number from 1 to 65535/],
    ['host:65536', /port must be a number from 1 to 65535/],
    ['host:http', /port must be a number/],
    ['host:', /port must be a number/],
    ['*', /expected host/],
    ['*.', /a wildcard must be/],
    ['a.*.com', /expected host/],
    ['**.example.com', /expected host/],
    ['-bad-.com', /expected host/],
    ['::1', /expected host/],
    ['[::g]', /expected host|IPv6/],
    [',', /no host patterns/],
  ])('rejects pattern %j', (raw, message) => {
    expect(() => parseHostAllowlist(raw)).toThrow(message);
  });

  it('names the offending entry and the variable', () => {
    expect(() => parseHostAllowlist('ok.example.com, bad host')).toThrow(
      'LOG_URL_ALLOWED_HOSTS: invalid host pattern "bad host"',
    );
  });
});
