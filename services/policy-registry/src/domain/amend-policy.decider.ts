import { isBefore, sameCalendarDate, type CalendarDate } from '@zoneledger/shared-kernel';
import type { AmendPolicy, Measure } from './policy.commands';
import { PolicySupersededError } from './policy.errors';
import type { AmendableField, PolicyAmended, PolicyScope } from './policy.events';
import { autonomyGrantsOf, measuresOf, sameScope, scopeOf, themesOf } from './policy-content.rules';
import {
  assertNotBefore,
  calendarDate,
  changeablePolicy,
  pastDate,
  requiredText,
  tidy,
} from './policy.rules';
import { latestVersion, type PolicyState, type PolicyVersion } from './policy.state';

/** The text of a version an amendment can change. */
interface VersionText {
  readonly titleZh: string;
  readonly titleEn: string;
  readonly themes: readonly string[];
  readonly measures: readonly Measure[];
  readonly scope: PolicyScope;
  readonly expiresOn?: CalendarDate;
}

/**
 * A new version of the text: not of a repealed policy, nor taking effect once the policy is
 * superseded; decided on a day that has come, after issuance; effective no earlier than the
 * version before it, expiring no earlier than it takes effect. Its powers go to every zone its
 * scope resolves to now, so a widened scope's new zones are granted. Changing nothing records
 * nothing.
 */
export function amendPolicy({ data: command }: AmendPolicy, state: PolicyState): PolicyAmended[] {
  const policy = changeablePolicy(state, command.policyId);
  const latest = latestVersion(policy);
  const amendedOn = pastDate('amendedOn', command.amendedOn, command.now);
  assertNotBefore('amendedOn', amendedOn, { field: 'issuedOn', date: policy.issuedOn });
  const effectiveOn = calendarDate('effectiveOn', command.effectiveOn);
  assertNotBefore('effectiveOn', effectiveOn, {
    field: `effectiveOn of version ${latest.version}`,
    date: latest.effectiveOn,
  });
  if (policy.superseded && !isBefore(effectiveOn, policy.superseded.effectiveOn))
    throw new PolicySupersededError(policy.policyId, policy.superseded.effectiveOn);
  const text = amendedText(command, latest);
  if (text.expiresOn)
    assertNotBefore('expiresOn', text.expiresOn, { field: 'effectiveOn', date: effectiveOn });
  const changedFields = changesFrom(latest, text);
  if (changedFields.length === 0) return [];
  const basisPolicyId = command.basisPolicyId && tidy(command.basisPolicyId);
  return [
    {
      type: 'PolicyAmended',
      data: {
        policyId: policy.policyId,
        version: latest.version + 1,
        amendedOn,
        effectiveOn,
        reason: requiredText('reason', command.reason),
        ...(basisPolicyId ? { basisPolicyId } : {}),
        changedFields,
        titleZh: text.titleZh,
        ...(text.titleEn ? { titleEn: text.titleEn } : {}),
        themes: [...text.themes],
        measures: text.measures.map((measure) => measure.text),
        scope: text.scope,
        ...(text.expiresOn ? { expiresOn: text.expiresOn } : {}),
        autonomyGrants: autonomyGrantsOf(text.measures, command.zones.scopeZoneIds, effectiveOn),
      },
    },
  ];
}

// The version's text after the amendment: what the command gives, else what the latest version has.
function amendedText(command: AmendPolicy['data'], latest: PolicyVersion): VersionText {
  const { titleZh, titleEn, themes, measures, scope, expiresOn } = command;
  return {
    titleZh: titleZh === undefined ? latest.titleZh : requiredText('titleZh', titleZh),
    titleEn: titleEn === undefined ? (latest.titleEn ?? '') : tidy(titleEn),
    themes: themes === undefined ? latest.themes : themesOf(themes),
    measures: measures === undefined ? latest.measures : measuresOf(measures),
    scope: scope === undefined ? latest.scope : scopeOf(scope, command.zones.knownZoneIds),
    ...expiryAfter(expiresOn, latest.expiresOn),
  };
}

// `null` clears the expiry, undefined keeps it.
function expiryAfter(
  asked: CalendarDate | null | undefined,
  current: CalendarDate | undefined,
): { expiresOn?: CalendarDate } {
  if (asked === null) return {};
  const expiresOn = asked === undefined ? current : calendarDate('expiresOn', asked);
  return expiresOn ? { expiresOn } : {};
}

// The fields whose value differs from the latest version's, in the contract's order.
function changesFrom(latest: PolicyVersion, text: VersionText): AmendableField[] {
  const differs: Record<AmendableField, boolean> = {
    titleZh: text.titleZh !== latest.titleZh,
    titleEn: text.titleEn !== (latest.titleEn ?? ''),
    themes: text.themes.join('\n') !== latest.themes.join('\n'),
    measures: JSON.stringify(text.measures) !== JSON.stringify(latest.measures),
    scope: !sameScope(text.scope, latest.scope),
    expiresOn: !sameCalendarDate(text.expiresOn, latest.expiresOn),
  };
  return (Object.keys(differs) as AmendableField[]).filter((field) => differs[field]);
}
