import { AssessmentEventContracts } from './assessment-event-contracts';
import { UnknownEventTypeError } from './contract-errors';
import type { EventContract } from './event-contract';
import { NotificationEventContracts } from './notification-event-contracts';
import { PolicyEventContracts } from './policy-event-contracts';
import { ZoneEventContracts } from './zone-event-contracts';

/** Every event that crosses a service boundary; a contract missing here cannot be published. */
export const EventContracts: readonly EventContract[] = [
  ...ZoneEventContracts,
  ...PolicyEventContracts,
  ...AssessmentEventContracts,
  ...NotificationEventContracts,
];

const byCeType = indexBy(EventContracts, (contract) => contract.ceType);
const byDomainType = indexBy(EventContracts, (contract) =>
  domainKey(contract.aggregate, contract.domainType),
);

/** The contract of a CloudEvents type; throws UnknownEventTypeError for a type nobody registered. */
export function eventContract(ceType: string): EventContract {
  const contract = byCeType.get(ceType);
  if (!contract) throw new UnknownEventTypeError(ceType);
  return contract;
}

/** The contract of an event-store event: its aggregate's stream category (`zone`) and its type (`ZoneRegistered`). */
export function contractForDomainEvent(aggregate: string, domainType: string): EventContract {
  const contract = byDomainType.get(domainKey(aggregate, domainType));
  if (!contract) throw new UnknownEventTypeError(`${aggregate}/${domainType}`);
  return contract;
}

function domainKey(aggregate: string, domainType: string): string {
  return `${aggregate}/${domainType}`;
}

// Two contracts under one key would make routing ambiguous: refuse to load rather than guess.
function indexBy(
  contracts: readonly EventContract[],
  key: (contract: EventContract) => string,
): ReadonlyMap<string, EventContract> {
  const index = new Map<string, EventContract>();
  for (const contract of contracts) {
    const k = key(contract);
    if (index.has(k)) throw new Error(`event contract registered twice: ${k}`);
    index.set(k, contract);
  }
  return index;
}
