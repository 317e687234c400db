import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports point one way (docs STYLE.md): contracts/ imports nothing of ours; nothing imports ci/ or test/. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['contracts/**/*.ts'], rules: restrict(['**/broker/**', '**/consumer/**', '**/provider/**', '**/ci/**', '**/test/**']) },
  { files: ['broker/**/*.ts', 'consumer/**/*.ts', 'provider/**/*.ts'], rules: restrict(['**/ci/**', '**/test/**']) },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
