import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'tests/.tmp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Puppeteer belongs to the print stage alone (STYLE.md §8).
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'puppeteer', message: 'Only src/print/ may import puppeteer.' }] },
      ],
    },
  },
  {
    files: ['src/print/**', 'tests/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
  },
  {
    files: ['scripts/**'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
  {
    // Code that runs in the reader's browser.
    files: ['templates/**/*.js', 'src/dev/client.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
        location: 'readonly',
        EventSource: 'readonly',
      },
    },
  },
);
