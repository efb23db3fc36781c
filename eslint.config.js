// ESLint flat config: typescript-eslint's type-aware recommended rules.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'lib/', 'node_modules/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_' }
      ]
    }
  },
  {
    files: ['__tests__/**', 'test-support/**', 'scripts/**', 'bench/**'],
    rules: {
      'no-console': 'off',
      // node:test owns the promises test() and describe() return
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite']
            }
          ]
        }
      ]
    }
  },
  {
    files: [
      'eslint.config.js',
      'test-support/typescript.js',
      'bench/rss-probe.js',
      'test-support/loaded-modules.js'
    ],
    ...tseslint.configs.disableTypeChecked
  }
)
