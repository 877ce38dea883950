import type { Role } from '@zoneledger/platform';
import { ServiceClient } from './api-client';
import type { StoryOutput } from './progress';
import { say, type ReceiverSettings, type StoryContext } from './story-context';
import { readStorySeed, repositoryRoot, SEED_FILES } from './story-seed';
import { answerStory, type StoryAnswers } from './steps/answers';
import { loadAssessments } from './steps/assessments';
import { recordExits } from './steps/exits';
import { setIndustryFocus } from './steps/industry-focus';
import { recordMergers } from './steps/mergers';
import { importPolicies } from './steps/policies';
import type { StepOutcome } from './steps/step-outcome';
import { subscribeAnalyst } from './steps/subscription';
import { importZones } from './steps/zone-imports';

/** Where the services answer. */
export interface StoryEndpoints {
  readonly zones: string;
  readonly policies: string;
  readonly assessments: string;
  readonly notifier: string;
}

/** How the story authenticates: tokens given, or minted from the services' development secret. */
export type StoryCredentials =
  | { readonly jwtSecret: string; readonly issuer?: string; readonly audience?: string }
  | { readonly token: string; readonly analystToken?: string };

/** What playStory needs. */
export interface StoryOptions {
  readonly endpoints: StoryEndpoints;
  readonly credentials: StoryCredentials;
  readonly receiver: ReceiverSettings;
  readonly output: StoryOutput;
  /** The repository whose seed files are played (found above this file by default). */
  readonly root?: string;
  /** How long one wait for a read model may take (default 120 s). */
  readonly waitTimeoutMs?: number;
}

/** What one play did, step by step, and the story's answers. */
export interface StoryReport {
  readonly steps: readonly StepOutcome[];
  /** False when every step found everything already so. */
  readonly changed: boolean;
  readonly answers: StoryAnswers;
}

/** The roles of the story's operator: it registers, issues, assesses and reads the projections. */
const OPERATOR_ROLES: readonly Role[] = ['zone-admin', 'policy-admin', 'assessor', 'ops'];

/**
 * Plays the story of the seed, in order, against running services: the zones, their industries,
 * the analyst's subscription (before the events it reports), the policies, the integrations, the
 * exits and the assessments, then reads the story's answers back. Every step is idempotent: a
 * second play changes nothing and says so. Throws on any refusal or time-out.
 */
export async function playStory(options: StoryOptions): Promise<StoryReport> {
  const root = options.root ?? repositoryRoot();
  const seed = readStorySeed(root);
  const { token, analystToken } = await tokensFor(options.credentials, seed.subscription.owner);
  const client = (service: string, url: string) => new ServiceClient(service, url, token);
  const context: StoryContext = {
    services: {
      zones: client('zone-registry', options.endpoints.zones),
      policies: client('policy-registry', options.endpoints.policies),
      assessments: client('assessment-engine', options.endpoints.assessments),
      notifier: client('notifier', options.endpoints.notifier),
    },
    analystToken,
    seed,
    receiver: options.receiver,
    output: options.output,
    waitTimeoutMs: options.waitTimeoutMs ?? 120_000,
  };
  const steps: StepOutcome[] = [];
  const play = async (step: () => Promise<StepOutcome>) => steps.push(await step());
  await play(() =>
    importZones(context, 'National ETDZs', SEED_FILES.nationalZones, seed.nationalZonesCsv),
  );
  await play(() => importZones(context, 'Other zones', SEED_FILES.otherZones, seed.otherZonesCsv));
  await play(() => setIndustryFocus(context));
  await play(() => subscribeAnalyst(context));
  await play(() => importPolicies(context));
  await play(() => recordMergers(context));
  await play(() => recordExits(context));
  await play(() => loadAssessments(context));
  const answers = await answerStory(context);
  const changed = steps.some((step) => step.changed);
  say(context, '');
  say(
    context,
    changed
      ? 'The story was played.'
      : 'Nothing to do: the story was played before (every step skipped).',
  );
  return { steps, changed, answers };
}

async function tokensFor(
  credentials: StoryCredentials,
  analyst: string,
): Promise<{ token: string; analystToken: string }> {
  if ('token' in credentials)
    return {
      token: credentials.token,
      analystToken: credentials.analystToken ?? credentials.token,
    };
  // Loaded only here: the platform's entry brings NestJS with it, seconds the receiver need not wait.
  const { mintDevToken } = await import('@zoneledger/platform');
  const mint = (sub: string, roles: readonly Role[]) =>
    mintDevToken({
      secret: credentials.jwtSecret,
      sub,
      roles,
      ttl: '2h',
      ...(credentials.issuer ? { issuer: credentials.issuer } : {}),
      ...(credentials.audience ? { audience: credentials.audience } : {}),
    });
  return {
    token: await mint('zoneledger-story', OPERATOR_ROLES),
    analystToken: await mint(analyst, ['analyst']),
  };
}
