import { AmendPolicyHandler } from './amend-policy.handler';
import { ExtendAutonomyHandler } from './extend-autonomy.handler';
import { ImportPoliciesHandler } from './import-policies.handler';
import { IssuePolicyHandler } from './issue-policy.handler';
import { RepealPolicyHandler } from './repeal-policy.handler';
import { SupersedePolicyHandler } from './supersede-policy.handler';

/** The policy registry's command handlers, for the module's providers. */
export const PolicyCommandHandlers = [
  IssuePolicyHandler,
  AmendPolicyHandler,
  SupersedePolicyHandler,
  RepealPolicyHandler,
  ExtendAutonomyHandler,
  ImportPoliciesHandler,
];
