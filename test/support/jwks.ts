import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function signingKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** An identity provider's key set on loopback: what it publishes can change, and fetches are counted. */
export class JwksServer {
  fetches = 0;
  published: readonly SigningKey[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    server.on('request', (_request, response) => {
      this.fetches++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: this.published.map((key) => key.publicJwk) }));
    });
  }

  static async start(): Promise<JwksServer> {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('JWKS server is not on TCP');
    return new JwksServer(server, `http://127.0.0.1:${address.port}/.well-known/jwks.json`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

export interface TokenOptions {
  readonly issuer?: string;
  readonly audience?: string;
  readonly subject?: string;
  /** Seconds from now. */
  readonly expiresIn?: number;
  readonly notBeforeIn?: number;
  readonly claims?: JWTPayload;
}

export function token(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...options.claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? 'https://idp.test/')
    .setAudience(options.audience ?? 'fleetgraph')
    .setSubject(options.subject ?? 'user-42')
    .setIssuedAt(now)
    .setNotBefore(now + (options.notBeforeIn ?? 0))
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .sign(key.privateKey);
}
