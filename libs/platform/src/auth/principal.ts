/** The roles a ZoneLedger token can grant. */
export const ROLES = ['zone-admin', 'policy-admin', 'assessor', 'analyst', 'ops'] as const;

export type Role = (typeof ROLES)[number];

/** The verified caller of a request: who (`sub`, recorded as the events' actor) and what they may do. */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
}

/** Whether a string names one of the ROLES. */
export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
