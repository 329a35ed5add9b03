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
  /**
   * Key of its log object, `logs/<fleetId>/events/<eventId>/<EVENT_CODE>.txt`: into SeedData.logs
   * for seeded events, into one simulator's log store for events a test added.
   */
  readonly logKey?: string;
  readonly logContentEncoding?: 'gzip';
}

/** EC2InstanceCounts: upper-case keys on the wire and in the SDK. */
export interface SeedInstanceCounts {
  readonly DESIRED: number;
  readonly MINIMUM: number;
  readonly MAXIMUM: number;
  readonly PENDING: number;
  readonly ACTIVE: number;
  readonly IDLE: number;
  readonly TERMINATING: number;
}

/** One DescribeFleetCapacity record, field for field. */
export interface SeedFleetCapacity {
  readonly FleetId: string;
  readonly FleetArn: string;
  readonly InstanceType?: string;
  readonly InstanceCounts: SeedInstanceCounts;
  /** The fleet's home Region. */
  readonly Location: string;
}

/** One DescribeFleetUtilization record, field for field. */
export interface SeedFleetUtilization {
  readonly FleetId: string;
  readonly FleetArn: string;
  readonly ActiveServerProcessCount: number;
  readonly ActiveGameSessionCount: number;
  readonly CurrentPlayerSessionCount: number;
  readonly MaximumPlayerSessionCount: number;
  readonly Location: string;
}

/**
 * What a fleet is sized for, drawn once from the seed's generator so its capacity and utilization
 * stay put between calls; capacity.ts turns it into records that agree with the fleet's status.
 */
export interface FleetSizing {
  /** Scaling limits and target once ACTIVE, the ones the fleet's scaling events name. */
  readonly minimum: number;
  readonly maximum: number;
  readonly desired: number;
  readonly processesPerInstance: number;
  readonly playersPerSession: number;
  /** Share of server processes hosting a game session while ACTIVE. */
  readonly sessionShare: number;
  /** Share of those sessions' player slots taken. */
  readonly playerShare: number;
  /** Instances still shutting down after a scale-in, while ACTIVE (usually 0). */
  readonly terminating: number;
}

export interface SeedFleet {
  readonly attributes: SeedFleetAttributes;
  /** Newest first, as DescribeFleetEvents returns them. */
  readonly events: readonly SeedEvent[];
  /** Under StartTime/EndTime, pages of this fleet may come back empty (as real AWS does). */
  readonly emptyPagesOnTimeFilter: boolean;
  readonly sizing: FleetSizing;
  /** What DescribeFleetCapacity returns; absent for TERMINATED and ANYWHERE fleets. */
  readonly capacity?: SeedFleetCapacity;
  /** What DescribeFleetUtilization returns; absent for TERMINATED fleets. */
  readonly utilization?: SeedFleetUtilization;
  /** A multi-location fleet's remote locations (DescribeFleetLocation*); absent for a fleet with its home Region alone. */
  readonly locations?: readonly SeedLocation[];
}

/** One remote location of a fleet, as DescribeFleetLocationAttributes, …Capacity and …Utilization answer it. */
export interface SeedLocation {
  readonly Location: string;
  /** A FleetStatus: ACTIVE, ERROR, ACTIVATING, … */
  readonly Status: string;
  readonly StoppedActions?: readonly string[];
  readonly capacity: SeedFleetCapacity;
  readonly utilization: SeedFleetUtilization;
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
