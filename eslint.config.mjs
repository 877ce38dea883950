import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Who may import whom. Each project carries two tags (scope:*, type:*); nothing is allowed by default.
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...['zone-registry', 'policy-registry', 'assessment-engine', 'notifier'].map((service) => ({
    sourceTag: `scope:${service}`,
    onlyDependOnLibsWithTags: ['scope:shared', `scope:${service}`],
  })),
  {
    sourceTag: 'type:service',
    onlyDependOnLibsWithTags: [
      'type:platform',
      'type:infrastructure',
      'type:contracts',
      'type:kernel',
      'type:read-model',
      'type:testing',
    ],
  },
  // Read models more than one context keeps of another's topic (the zone timeline).
  {
    sourceTag: 'type:read-model',
    onlyDependOnLibsWithTags: ['type:infrastructure', 'type:contracts', 'type:kernel'],
  },
  // Pure domain vocabulary every context shares (partial dates, provinces and regions).
  { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:contracts'] },
  {
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:infrastructure', 'type:contracts'],
  },
  {
    sourceTag: 'type:infrastructure',
    onlyDependOnLibsWithTags: ['type:infrastructure', 'type:contracts'],
  },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  // The service-testing library builds on the testing library (never the other way round).
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: [
      'type:platform',
      'type:infrastructure',
      'type:contracts',
      'type:kernel',
      'type:testing',
    ],
  },
  // The story's command line (libs/story): an HTTP client of the services, minting dev tokens.
  { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:platform'] },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [
      'type:cli',
      'type:testing',
      'type:kernel',
      'type:contracts',
      'type:infrastructure',
      'type:platform',
    ],
  },
];

// Tests of any project may also use the testing library.
const testDepConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag.startsWith('type:')
    ? {
        ...constraint,
        onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'],
      }
    : constraint,
);

export default [
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '.nx',
      '.data',
      'infra/kafka/.cache',
      'infra/kafka/.state',
      'libs/contracts/src/gen',
      'coverage',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
      eqeqeq: 'error',
    },
  },
  {
    // DTOs use the platform's field rules: IsOptional lets null reach code whose type forbids it,
    // and @Type(() => Number) reads "0x10" as 16 (see docs/reliability.md).
    files: ['services/*/src/api/**/*.ts', 'libs/platform/src/**/*.dto.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message: 'Use Optional() from @zoneledger/platform: null is not "left out".',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: no framework, no database, no broker, no clock or randomness of its own.
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'kafkajs',
                '@zoneledger/platform',
                '@zoneledger/messaging',
              ],
              message: 'The domain is pure: I/O lives at the edges.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: testDepConstraints },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'bench/**/*.ts',
      'infra/**/*.mjs',
      'jest.config.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  prettier,
];
