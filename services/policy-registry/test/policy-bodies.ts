import type { PolicyRegistryUnderTest } from './policy-registry.harness';

let counter = 0;

/**
 * An issuance body for a State Council opinion, its policy id and document number unique to the
 * registry and the call.
 */
export function policyIssuance(
  registry: Pick<PolicyRegistryUnderTest, 'id'>,
  name: string,
  overrides: Record<string, unknown> = {},
) {
  counter += 1;
  return {
    policyId: `${name}-${registry.id}`,
    documentNumber: `国发〔2019〕${counter}${Math.floor(Math.random() * 1e6)}号`,
    titleZh: `关于${name}的意见`,
    titleEn: `Opinions on ${name}`,
    issuer: `国务院${registry.id}`,
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: { year: 2019, month: 5, day: 18 },
    publishedOn: { year: 2019, month: 5, day: 28 },
    themes: ['reform autonomy', 'opening-up'],
    measures: [{ text: '支持开发区开展改革试点' }],
    ...overrides,
  };
}

/** The JSON body of an answer, typed loosely for assertions. */
export async function bodyOf(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
