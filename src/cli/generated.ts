/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How a fleet's latest creation ended, or that it has not yet. */
export type FleetCreationOutcome =
  /** The fleet reached ACTIVE. */
  | 'ACTIVE'
  /** The fleet reached ERROR: see `Fleet.diagnosis`. */
  | 'ERROR'
  /** Neither yet: the last phase is still current. */
  | 'IN_PROGRESS';

/** A state of a fleet's creation, as its FLEET_CREATED and FLEET_STATE_* events name it. */
export type FleetCreationState =
  /** Starting instances and their server processes, which must report ready. */
  | 'ACTIVATING'
  /** Ready to host game sessions: creation succeeded. */
  | 'ACTIVE'
  /** Building the fleet: preparing the instance image. */
  | 'BUILDING'
  /** Downloading the build to an instance and extracting it. */
  | 'DOWNLOADING'
  /** Creation failed. */
  | 'ERROR'
  /** Created (FLEET_CREATED): GameLift is setting up the fleet. */
  | 'NEW'
  /** Running the install script and checking the runtime configuration against the build. */
  | 'VALIDATING';

/** The kind of a fleet event, as GameLift names it (for example FLEET_STATE_ACTIVE or SERVER_PROCESS_CRASHED). UNKNOWN stands for a value newer than this gateway; the raw value is served alongside. */
export type FleetEventCode =
  | 'COMPUTE_LOG_UPLOAD_FAILED'
  | 'FLEET_ACTIVATION_FAILED'
  | 'FLEET_ACTIVATION_FAILED_NO_INSTANCES'
  | 'FLEET_BINARY_DOWNLOAD_FAILED'
  | 'FLEET_CREATED'
  | 'FLEET_CREATION_COMPLETED_INSTALLER'
  | 'FLEET_CREATION_EXTRACTING_BUILD'
  | 'FLEET_CREATION_FAILED_INSTALLER'
  | 'FLEET_CREATION_RUNNING_INSTALLER'
  | 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG'
  | 'FLEET_DELETED'
  | 'FLEET_EXPIRED'
  | 'FLEET_INITIALIZATION_FAILED'
  | 'FLEET_NEW_GAME_SESSION_PROTECTION_POLICY_UPDATED'
  | 'FLEET_SCALING_EVENT'
  | 'FLEET_STATE_ACTIVATING'
  | 'FLEET_STATE_ACTIVE'
  | 'FLEET_STATE_BUILDING'
  | 'FLEET_STATE_CREATED'
  | 'FLEET_STATE_CREATING'
  | 'FLEET_STATE_DOWNLOADING'
  | 'FLEET_STATE_ERROR'
  | 'FLEET_STATE_PENDING'
  | 'FLEET_STATE_UPDATING'
  | 'FLEET_STATE_VALIDATING'
  | 'FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE'
  | 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND'
  | 'FLEET_VALIDATION_TIMED_OUT'
  | 'FLEET_VPC_PEERING_DELETED'
  | 'FLEET_VPC_PEERING_FAILED'
  | 'FLEET_VPC_PEERING_SUCCEEDED'
  | 'GAME_SERVER_CONTAINER_GROUP_CRASHED'
  | 'GAME_SERVER_CONTAINER_GROUP_REPLACED_UNHEALTHY'
  | 'GAME_SESSION_ACTIVATION_TIMEOUT'
  | 'GENERIC_EVENT'
  | 'INSTANCE_INTERRUPTED'
  | 'INSTANCE_RECYCLED'
  | 'INSTANCE_REPLACED_UNHEALTHY'
  | 'LOCATION_STATE_ACTIVATING'
  | 'LOCATION_STATE_ACTIVE'
  | 'LOCATION_STATE_CREATED'
  | 'LOCATION_STATE_CREATING'
  | 'LOCATION_STATE_DELETED'
  | 'LOCATION_STATE_DELETING'
  | 'LOCATION_STATE_ERROR'
  | 'LOCATION_STATE_PENDING'
  | 'LOCATION_STATE_UPDATING'
  | 'PER_INSTANCE_CONTAINER_GROUP_CRASHED'
  | 'SERVER_PROCESS_CRASHED'
  | 'SERVER_PROCESS_FORCE_TERMINATED'
  | 'SERVER_PROCESS_INVALID_PATH'
  | 'SERVER_PROCESS_MISCONFIGURED_CONTAINER_PORT'
  | 'SERVER_PROCESS_PROCESS_EXIT_TIMEOUT'
  | 'SERVER_PROCESS_PROCESS_READY_TIMEOUT'
  | 'SERVER_PROCESS_SDK_INITIALIZATION_FAILED'
  | 'SERVER_PROCESS_SDK_INITIALIZATION_TIMEOUT'
  | 'SERVER_PROCESS_TERMINATED_UNHEALTHY'
  | 'UNKNOWN';

/** A fleet's lifecycle state. UNKNOWN stands for a value newer than this gateway; the raw value is served alongside. */
export type FleetStatus =
  | 'ACTIVATING'
  | 'ACTIVE'
  | 'BUILDING'
  | 'DELETING'
  | 'DOWNLOADING'
  | 'ERROR'
  | 'EXPIRED'
  | 'NEW'
  | 'NOT_FOUND'
  | 'TERMINATED'
  | 'UNKNOWN'
  | 'VALIDATING';

export type FleetTailSubscriptionVariables = Exact<{
  fleetId: string | number;
  eventCodes?: Array<FleetEventCode> | FleetEventCode | null | undefined;
  since?: string | null | undefined;
}>;


export type FleetTailSubscription = { fleetEvents: { eventId: string, eventTime: string, eventCode: FleetEventCode, rawEventCode: string, message: string | null } };

export type FleetDiagnosisQueryVariables = Exact<{
  fleetId: string;
  lines?: number | null | undefined;
}>;


export type FleetDiagnosisQuery = { fleet: { fleetId: string, name: string | null, status: FleetStatus | null, creationTimeline: { outcome: FleetCreationOutcome, durationSeconds: number | null, phases: Array<{ state: FleetCreationState, startedAt: string, endedAt: string | null, durationSeconds: number | null }> } | null, diagnosis: { phase: FleetCreationState, explanation: string, hint: string, logTail: string | null, failureEvent: { eventId: string, eventCode: FleetEventCode, rawEventCode: string, eventTime: string, message: string | null } } | null } | null };


export const FleetTailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FleetTail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fleetId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventCodes"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FleetEventCode"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleetEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fleetId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fleetId"}}},{"kind":"Argument","name":{"kind":"Name","value":"eventCodes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventCodes"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventTime"}},{"kind":"Field","name":{"kind":"Name","value":"eventCode"}},{"kind":"Field","name":{"kind":"Name","value":"rawEventCode"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<FleetTailSubscription, FleetTailSubscriptionVariables>;
export const FleetDiagnosisDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetDiagnosis"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fleetId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lines"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fleetId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fleetId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleetId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"creationTimeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"phases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"diagnosis"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failureEvent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventCode"}},{"kind":"Field","name":{"kind":"Name","value":"rawEventCode"}},{"kind":"Field","name":{"kind":"Name","value":"eventTime"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"logTail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"lines"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lines"}}}]}]}}]}}]}}]} as unknown as DocumentNode<FleetDiagnosisQuery, FleetDiagnosisQueryVariables>;