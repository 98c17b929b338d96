// ESLint flat config: typescript-eslint's recommended rules over everything, and its type-checked rules (one
// TypeScript program from tsconfig.json) over every .ts file in src/ test/ bench/ lab/; the dashboard (src/web, .ts
// and .tsx) has its own program (src/web/tsconfig.json: DOM, JSX) and the same rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TYPED_RULES = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  // an async method that implements a Promise-returning interface without awaiting is normal here
  '@typescript-eslint/require-await': 'off',
};

export default tseslint.config(
  // src/web/api/schema.d.ts is generated (scripts/gen-api-types.mjs): not ours to lint
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/web/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['src/web/**'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: TYPED_RULES,
  },
  {
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './src/web/tsconfig.json', tsconfigRootDir: import.meta.dirname, ecmaFeatures: { jsx: true } },
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', EventSource: 'readonly', devicePixelRatio: 'readonly' },
    },
    rules: TYPED_RULES,
  },
  {
    files: ['src/web/**/*.test.tsx', 'src/web/**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // vitest's asymmetric matchers (expect.objectContaining, …) are typed `any`, and spies are unbound methods
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
);
