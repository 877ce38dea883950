import type { ExtendAutonomy } from './policy.commands';
import { PolicyNotInForceError } from './policy.errors';
import type { PolicyAutonomyExtended } from './policy.events';
import { autonomyGrantsOf } from './policy-content.rules';
import { policyInForce } from './policy-in-force';
import { calendarDate, changeablePolicy, requiredText } from './policy.rules';
import type { PolicyState } from './policy.state';

/**
 * Zones that entered the scope since the policy was issued or amended (e.g. upgraded to national
 * level) are granted the powers of the version in force on the date, which it must be
 * (POLICY.NOT_IN_FORCE otherwise); zones the stream granted a power before are not granted it
 * again, so asking twice records nothing.
 */
export function extendAutonomy(
  { data: command }: ExtendAutonomy,
  state: PolicyState,
): PolicyAutonomyExtended[] {
  const policy = changeablePolicy(state, command.policyId);
  const effectiveOn = calendarDate('effectiveOn', command.effectiveOn);
  const standing = policyInForce(policy, { inForceOn: effectiveOn });
  if (standing.standing !== 'in_force')
    throw new PolicyNotInForceError(policy.policyId, effectiveOn, standing.standing);
  const grants = autonomyGrantsOf(standing.version.measures, command.scopeZoneIds, effectiveOn)
    .map((grant) => {
      const granted = policy.grantedZones[grant.power] ?? [];
      return { ...grant, zoneIds: grant.zoneIds.filter((zoneId) => !granted.includes(zoneId)) };
    })
    .filter((grant) => grant.zoneIds.length > 0);
  if (grants.length === 0) return [];
  return [
    {
      type: 'PolicyAutonomyExtended',
      data: {
        policyId: policy.policyId,
        version: standing.version.version,
        autonomyGrants: grants,
        reason: requiredText('reason', command.reason),
      },
    },
  ];
}
