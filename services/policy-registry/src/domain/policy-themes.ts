// The themes a policy can be filed under: labels readers filter and display, never act on. They
// travel as strings (PolicyIssued.themes; the proto says why not an enum), so the vocabulary grows
// here without a contract release; refusing other words keeps filters exact.

/** The six areas analysts say zones should cultivate (CCID Consulting's zone researchers). */
const CULTIVATION_AREAS = [
  'innovation and entrepreneurship',
  'science and technology services',
  'finance',
  'talent services',
  'coordinated opening',
  'policy and regulation',
] as const;

/** What the State Council's and MofCOM's zone policies are about (DOMAIN.md's examples). */
const POLICY_AREAS = [
  'reform autonomy',
  'opening-up',
  'assessment',
  'zone integration',
  'zone upgrading',
  'industrial upgrading',
  'green development',
  'technology innovation',
] as const;

/** Every theme the registry accepts, as events record it (lower case). */
export const POLICY_THEMES: readonly string[] = [...CULTIVATION_AREAS, ...POLICY_AREAS];

const byKey = new Map(POLICY_THEMES.map((theme) => [themeKey(theme), theme]));

/** The theme as recorded, whatever its case and spacing; undefined outside the vocabulary. */
export function policyTheme(word: string): string | undefined {
  return byKey.get(themeKey(word));
}

function themeKey(word: string): string {
  return word.trim().replace(/\s+/g, ' ').toLowerCase();
}
