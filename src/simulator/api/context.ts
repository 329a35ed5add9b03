import type { LogUrlSigner } from '../logstore/signer.js';
import type { FleetDirectory } from './fleet-directory.js';
import type { PageTokens } from './tokens.js';

export type EmptyPagesMode = 'seeded' | 'always' | 'never';

/** What operations read: the data, and the server settings that shape answers. */
export interface OperationContext {
  /** The Region the request was signed for, whose fleets `directory` holds. */
  readonly region: string;
  readonly directory: FleetDirectory;
  readonly tokens: PageTokens;
  readonly logUrls: LogUrlSigner;
  readonly maxFleetIdsPerCall: number;
  readonly emptyPages: EmptyPagesMode;
}

/** A GameLift operation: parsed JSON input in, JSON output out; failures throw ApiError. */
export type Operation = (input: Readonly<Record<string, unknown>>, context: OperationContext) => Record<string, unknown>;
