// `npm run lint`: typescript-eslint's type-aware rules on the harness, its tests, the bench and
// the scripts; Prettier formats (`npm run format`), so no rule here is about layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist.new-*/**', 'node_modules/**', 'reports/**', '.cache/**', '.scratch/**', 'vm/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: new URL('.', import.meta.url).pathname } },
    rules: {
      // Terminal escapes and control characters are what printable.ts and terminal-text.ts are
      // about: their patterns must name them.
      'no-control-regex': 'off',
      // An async method that awaits nothing still keeps the interface's Promise (Backend.check,
      // a test double's create): the rule would have each wrap its value by hand.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      // vitest's asymmetric matchers (expect.stringMatching, expect.any) are typed `any`, and
      // tests read parsed reports (JUnit through fast-xml-parser) untyped on purpose: a wrong
      // shape fails the assertion that reads it.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  // The few JavaScript files (bin/, scripts/, this one) have no types to check; Node's globals.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
