import { ACCOUNT_ID, MINUTE, buildArn, fleetArn, scriptArn } from './aws-ids.js';
import type { FleetStory } from './narrator.js';
import type { FleetPlan } from './plan.js';
import { Rng } from './rng.js';
import type { SeedFleetAttributes } from './types.js';

/** DescribeFleetAttributes' view of a fleet, agreeing with what its event history told. */
export function fleetAttributes(plan: FleetPlan, story: FleetStory): SeedFleetAttributes {
  const rng = Rng.forKey(`attributes:${plan.id}`);
  const { runtime, game } = plan;
  const production = plan.environment === 'production';
  const roleArn = rng.chance(0.4) ? `arn:aws:iam::${ACCOUNT_ID}:role/${game.slug}-gamelift-server` : undefined;
  return {
    FleetId: plan.id,
    FleetArn: fleetArn(plan.id),
    FleetType: plan.fleetType,
    ...(plan.instanceType === undefined ? {} : { InstanceType: plan.instanceType }),
    Description: plan.description,
    Name: plan.name,
    CreationTime: plan.createdAt,
    ...(plan.status === 'TERMINATED' ? { TerminationTime: plan.endsAt + rng.int(5, 25) * MINUTE } : {}),
    Status: plan.status,
    ...(runtime.kind === 'build' ? { BuildId: runtime.buildId, BuildArn: buildArn(runtime.buildId) } : {}),
    ...(runtime.kind === 'script' ? { ScriptId: runtime.scriptId, ScriptArn: scriptArn(runtime.scriptId) } : {}),
    NewGameSessionProtectionPolicy: story.protection,
    ...(runtime.kind === 'anywhere' ? {} : { OperatingSystem: game.operatingSystem }),
    ResourceCreationLimitPolicy: production
      ? { NewGameSessionsPerCreator: 3, PolicyPeriodInMinutes: 15 }
      : { NewGameSessionsPerCreator: 0, PolicyPeriodInMinutes: 0 },
    MetricGroups: [production ? `${game.slug}-production` : 'default'],
    ...(plan.environment === 'loadtest' ? { StoppedActions: ['AUTO_SCALING'] } : {}),
    ...(roleArn === undefined ? {} : { InstanceRoleArn: roleArn }),
    ...(roleArn !== undefined && rng.chance(0.5) ? { InstanceRoleCredentialsProvider: 'SHARED_CREDENTIAL_FILE' as const } : {}),
    CertificateConfiguration: { CertificateType: production ? 'GENERATED' : 'DISABLED' },
    ComputeType: runtime.kind === 'anywhere' ? 'ANYWHERE' : 'EC2',
    ...(runtime.kind === 'anywhere' ? { AnywhereConfiguration: { Cost: '10.0' } } : {}),
  };
}
