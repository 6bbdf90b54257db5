// @ts-check
/**
 * The vitest configuration Stryker runs with: the project's own (vitest.config.ts) with `include`
 * narrowed to the test files of the current mutation target (MUTATION_TARGET, see
 * stryker.config.mjs). Narrowing here rather than with Stryker's `testFiles` option keeps mutants
 * that run while modules load ("static" ones, such as a changed constant) active from the start:
 * with `testFiles`, Stryker 9.6 switches them on only after the modules are loaded, and reports
 * them as survivors whatever the tests do (stryker-js issue #6144).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import base from './vitest.config.ts'
import { currentTarget } from './stryker.config.mjs'

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { ...base.test, include: [...currentTarget().tests] },
})
