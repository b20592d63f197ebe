// ESLint 9 flat config: the recommended sets of ESLint and typescript-eslint (no type-aware
// rules: they would double the time of `npm test` on a small machine), and no style rules
// (layout is left to the writer). Run by `npm run lint`, and so by `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Build output and installed tools (the e2e suite compiles into out/).
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/.generated/**', 'screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a callback's shape, a skipped element).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Functions handed to page.evaluate / waitForFunction run in the workbench page.
    files: ['scripts/e2e/**/*.mjs', 'test/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
