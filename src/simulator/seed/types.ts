/**
 * Shapes of the seeded data. Attribute and event objects use the GameLift wire field names so a
 * test can compare them with SDK output field by field; times are epoch milliseconds here and
 * epoch seconds (with a millisecond fraction) on the wire.
 */

export interface SeedFleetAttributes {
  readonly FleetId: string;
  readonly FleetArn: string;
  readonly FleetType: 'ON_DEMAND' | 'SPOT';
  /** Absent for ANYWHERE fleets, which run on the customer's own hardware. */
  readonly InstanceType?: string;
  readonly Description: string;
  readonly Name: string;
  readonly CreationTime: number;
  readonly TerminationTime?: number;
  /** A plain string, not a union: FLEETS.futureCodes carries a status newer than today's enum. */
  readonly Status: string;
  readonly BuildId?: string;
  readonly BuildArn?: string;
  readonly ScriptId?: string;
  readonly ScriptArn?: string;
  readonly NewGameSessionProtectionPolicy: 'NoProtection' | 'FullProtection';
  readonly OperatingSystem?: string;
  readonly ResourceCreationLimitPolicy?: {
    readonly NewGameSessionsPerCreator: number;
    readonly PolicyPeriodInMinutes: number;
  };
  readonly MetricGroups: readonly string[];
  readonly StoppedActions?: readonly string[];
  readonly InstanceRoleArn?: string;
  readonly InstanceRoleCredentialsProvider?: 'SHARED_CREDENTIAL_FILE';
  readonly CertificateConfiguration: { readonly CertificateType: 'DISABLED' | 'GENERATED' };
  readonly ComputeType: 'EC2' | 'ANYWHERE' | 'CONTAINER';
  readonly AnywhereConfiguration?: { readonly Cost: string };
}

export interface SeedEvent {
  readonly EventId: string;
  readonly ResourceId: string;
  /** Usually one of KNOWN_EVENT_CODES; FLEETS.futureCodes deliberately carries one that is not. */
  readonly EventCode: string;
  readonly Message: string;
  readonly EventTime: number;
  /** Present only on folded repeats (2–101). */
  readonly Count?: number;
  /** Key into SeedData.logs: `logs/<fleetId>/events/<eventId>/<EVENT_CODE>.txt`. */
  readonly logKey?: string;
  readonly logContentEncoding?: 'gzip';
}

export interface SeedFleet {
  readonly attributes: SeedFleetAttributes;
  /** Newest first, as DescribeFleetEvents returns them. */
  readonly events: readonly SeedEvent[];
  /** Under StartTime/EndTime, pages of this fleet may come back empty (as real AWS does). */
  readonly emptyPagesOnTimeFilter: boolean;
}

/** The log objects that exercise edge cases, by what makes them special. */
export interface SpecialLogKeys {
  /** Several MiB of installer output. */
  readonly large: string;
  /** UTF-8 text with multibyte characters (Japanese, emoji) at many byte offsets. */
  readonly multibyte: string;
  /** A zero-byte object. */
  readonly empty: string;
  /** Stored gzip-compressed and served with `Content-Encoding: gzip`. */
  readonly gzip: string;
}

export interface SeedData {
  readonly fleets: readonly SeedFleet[];
  /** Exact bytes a GET returns, by object key (gzip objects: the compressed bytes). */
  readonly logs: ReadonlyMap<string, Buffer>;
  readonly specialLogs: SpecialLogKeys;
}
