import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Imports point one way (docs/architecture.md): contracts/ imports nothing of ours; nothing
 * imports ci/ or test/; bench/ and the tests meet only through bench/public-api.ts; inside broker/, a domain imports only
 * from the domains below it.
 */
const restrict = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups }] });
const ENTRY_POINTS = {
  group: ['**/ci/**', '**/test/**'],
  message: 'Nothing imports the command line or the tests: they are entry points.',
};

/** The broker's domains, bottom first: each imports only from the rows above its own. */
const DOMAIN_ORDER = [
  ['http'],
  ['db'],
  ['pacticipants', 'diagnostics', 'cleanup'],
  ['versions', 'auth'],
  ['pacts', 'audit'],
  ['verifications', 'environments', 'provider-contracts'],
  ['matrix', 'pacts-for-verification', 'webhooks'],
  ['usage'],
  ['index', 'ui', 'metrics'],
];

const domainRules = DOMAIN_ORDER.flatMap((row, level) =>
  row.map((domain) => {
    const notBelow = DOMAIN_ORDER.slice(level)
      .flat()
      .filter((other) => other !== domain);
    return {
      files: [`broker/${domain}/**/*.ts`],
      rules: restrict(ENTRY_POINTS, {
        group: notBelow.map((other) => `**/${other}/**`),
        message: `broker/${domain} may import only the domains below it (${DOMAIN_ORDER.slice(0, level).flat().join(', ') || 'none'}): see docs/architecture.md. A resource that embeds a higher domain's data is built by that domain and handed down from app.ts.`,
      }),
    };
  }),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'test-results/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['contracts/**/*.ts'],
    rules: restrict({
      group: ['**/broker/**', '**/consumer/**', '**/provider/**', '**/ci/**', '**/test/**', '**/bench/**'],
      message: 'contracts/ is the pure contract model: it imports nothing of ours.',
    }),
  },
  { files: ['broker/*.ts', 'consumer/**/*.ts', 'provider/**/*.ts'], rules: restrict(ENTRY_POINTS) },
  ...domainRules,
  {
    files: ['bench/**/*.ts'],
    rules: restrict({
      group: ['**/test/**'],
      message: 'bench/ imports nothing from test/: take what both need from broker/ or a module of its own.',
    }),
  },
  {
    files: ['test/**/*.ts'],
    rules: restrict({
      group: ['**/bench/**', '!**/bench/public-api'],
      message: 'Tests reach bench/ only through bench/public-api.ts, the module made for them.',
    }),
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
