import { amendPolicy } from './amend-policy.decider';
import { extendAutonomy } from './extend-autonomy.decider';
import type { IssuePolicy, PolicyCommand } from './policy.commands';
import { PolicyAlreadyIssuedError } from './policy.errors';
import type { PolicyEvent, PolicyIssued } from './policy.events';
import { autonomyGrantsOf, measuresOf, scopeOf, themesOf } from './policy-content.rules';
import { repealPolicy, supersedePolicy } from './policy-ending.decider';
import { checkedLink } from './policy-links.rules';
import {
  assertDocumentNumberFree,
  assertNotBefore,
  calendarDate,
  documentNumberOf,
  pastDate,
  requiredText,
  tidy,
} from './policy.rules';
import { evolve, initialState, type PolicyState } from './policy.state';

// One pure function per command: the policy's state and the command in, the events to append out,
// or a PolicyError. An empty list means the command changes nothing (it asks for what already
// is), so a redelivered or retried command is harmless.

/**
 * A policy document enters the registry: its number free for its issuer, its dates in order
 * (published and effective not before issued, expiry not before effect), its implemented policy
 * known and issued no later, its named zones in the register, its powers granted to the zones its
 * scope resolves to.
 */
export function issuePolicy({ data: command }: IssuePolicy, state: PolicyState): PolicyIssued[] {
  if (state.issued) throw new PolicyAlreadyIssuedError(command.policyId);
  const issuer = requiredText('issuer', command.issuer);
  const documentNumber = documentNumberOf(command.documentNumber);
  const titleZh = requiredText('titleZh', command.titleZh);
  const titleEn = tidy(command.titleEn ?? '');
  const dates = issueDates(command);
  const implementsPolicyId = command.implementsPolicyId && tidy(command.implementsPolicyId);
  if (implementsPolicyId) {
    const policy = { policyId: command.policyId, issuedOn: dates.issuedOn };
    checkedLink('implements', policy, implementsPolicyId, command.linkedPolicies);
  }
  const themes = themesOf(command.themes);
  const measures = measuresOf(command.measures);
  const scope = scopeOf(command.scope, command.zones.knownZoneIds);
  assertDocumentNumberFree(command.policyId, issuer, documentNumber, command.documentNumberHolders);
  return [
    {
      type: 'PolicyIssued',
      data: {
        policyId: command.policyId,
        documentNumber,
        titleZh,
        ...(titleEn ? { titleEn } : {}),
        issuer,
        kind: command.kind,
        ...dates,
        themes,
        measures: measures.map((measure) => measure.text),
        scope,
        autonomyGrants: autonomyGrantsOf(measures, command.zones.scopeZoneIds),
        ...(implementsPolicyId ? { implementsPolicyId } : {}),
      },
    },
  ];
}

type IssueDates = Pick<
  PolicyIssued['data'],
  'issuedOn' | 'publishedOn' | 'effectiveOn' | 'expiresOn'
>;

// Issued and published on days that have come; in effect from issuance at the earliest, and
// expiring no earlier than it takes effect.
function issueDates(command: IssuePolicy['data']): IssueDates {
  const issuedOn = pastDate('issuedOn', command.issuedOn, command.now);
  const issued = { field: 'issuedOn', date: issuedOn };
  const publishedOn =
    command.publishedOn && pastDate('publishedOn', command.publishedOn, command.now);
  const effectiveOn = command.effectiveOn && calendarDate('effectiveOn', command.effectiveOn);
  const expiresOn = command.expiresOn && calendarDate('expiresOn', command.expiresOn);
  if (publishedOn) assertNotBefore('publishedOn', publishedOn, issued);
  if (effectiveOn) assertNotBefore('effectiveOn', effectiveOn, issued);
  const inEffect = effectiveOn ? { field: 'effectiveOn', date: effectiveOn } : issued;
  if (expiresOn) assertNotBefore('expiresOn', expiresOn, inEffect);
  return {
    issuedOn,
    ...(publishedOn ? { publishedOn } : {}),
    ...(effectiveOn ? { effectiveOn } : {}),
    ...(expiresOn ? { expiresOn } : {}),
  };
}

/** The events a command on one policy's stream produces. */
export function decide(command: PolicyCommand, state: PolicyState): PolicyEvent[] {
  switch (command.type) {
    case 'IssuePolicy':
      return issuePolicy(command, state);
    case 'AmendPolicy':
      return amendPolicy(command, state);
    case 'SupersedePolicy':
      return supersedePolicy(command, state);
    case 'RepealPolicy':
      return repealPolicy(command, state);
    case 'ExtendAutonomy':
      return extendAutonomy(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown policy command: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The policy decider: what a command handler folds a stream with and decides by. */
export const policyDecider = { decide, evolve, initialState };
