import fc from 'fast-check';
import { describePath, slotsOf, withValueAt, type BodySlot } from './body-slots';
import {
  requestOf,
  type Expectation,
  type FuzzCase,
  type RequestClass,
  type RequestParts,
} from './fuzz-request';
import { bodySchemaFor, type RequestContext } from './valid-requests.arbitrary';

/** Builds the cases of a class from a valid request and one of its body's slots. */
export type SlotBuild = (parts: RequestParts, slot: BodySlot) => fc.Arbitrary<FuzzCase>;

/** What the JSON body classes share: sending, replacing a slot's value, naming a slot. */
export interface BodySlotKit {
  send(parts: RequestParts, expect: Expectation, note: string, raw?: Buffer | string): FuzzCase;
  replaced(parts: RequestParts, slot: BodySlot, value: unknown): RequestParts;
  onSlots(name: string, accepts: (slot: BodySlot) => boolean, build: SlotBuild): RequestClass;
  at(slot: BodySlot): string;
}

/** The kit for one operation's JSON body classes, made from its valid requests. */
export function bodySlotKit(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
): BodySlotKit {
  return {
    send: (parts, expect, note, raw) => [
      requestOf(context.operation, parts, { token: context.token, expect, note, raw }),
    ],
    replaced: (parts, slot, value) => ({
      ...parts,
      body: withValueAt(parts.body, slot.path, value),
    }),
    onSlots: (name, accepts, build) => slotClass(context, valid, name, accepts, build),
    at: (slot) => describePath(slot.path),
  };
}

/** A class whose cases change one slot of a valid body that `accepts`; none where none does. */
/** A class whose cases change one slot of a valid body that `accepts`; none where none does. */
function slotClass(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
  name: string,
  accepts: (slot: BodySlot) => boolean,
  build: SlotBuild,
): RequestClass {
  const mediaType = (parts: RequestParts) => parts.mediaType ?? '';
  return {
    name,
    malformed: true,
    arbitrary: valid.chain((parts) => {
      const slots = slotsOf(bodySchemaFor(context.operation, mediaType(parts)), parts.body).filter(
        accepts,
      );
      if (slots.length === 0) return fc.constant<FuzzCase>([]);
      return fc.constantFrom(...slots).chain((slot) =>
        // An operation that reports refused items in its answer (an import) may accept the rest.
        context.reportsRefusedItems && slot.path.some((key) => typeof key === 'number')
          ? build(parts, slot).map((requests) =>
              requests.map((request) => ({ ...request, expect: 'any' as const })),
            )
          : build(parts, slot),
      );
    }),
  };
}
