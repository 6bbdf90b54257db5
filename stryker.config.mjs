// @ts-check
/**
 * Mutation testing (Stryker, vitest runner): do the tests and laws notice when the code is changed?
 * One run per target folder, chosen by the MUTATION_TARGET environment variable (`npm run
 * test:mutation -- kernels tree` sets it per run); each target keeps its own incremental file and
 * JSON report under reports/, so a rerun only tests mutants whose code or covering tests changed.
 * Not part of `npm test` or CI: it takes minutes per folder on this 2-core machine.
 */

/**
 * What each target mutates (globs, `!` excludes) and the test files that may run against it: the
 * folder's own tests and laws, and those of the layer right above that exercise it. Within that
 * set only files that import the mutated code run (`related`), and per mutant only the tests that
 * executed it. The set is bounded because a mutant executed while test files load ("static") must
 * be checked against every candidate test file. `tests` are vitest `include` globs.
 */
const TENSOR_TESTS = ['test/tensor/**/*.test.ts', 'laws/tensor.test.ts', 'laws/mm.test.ts', 'laws/grad.test.ts', 'test/autodiff/**/*.test.ts']

export const targets = {
  kernels: {
    mutate: ['src/kernels/*.ts'],
    tests: ['test/kernels/*.test.ts', 'laws/mm.test.ts', 'test/tensor/**/*.test.ts', 'laws/tensor.test.ts'],
  },
  // The WebAssembly kernels: the modules' generators, the drivers and the helper thread.
  wasm: {
    mutate: ['src/kernels/wasm/*.ts'],
    tests: ['test/kernels/mmWasm.test.ts', 'test/kernels/mmWasmEdges.test.ts', 'test/kernels/wasmThreads.test.ts', 'test/kernels/wasmEncode.test.ts', 'test/kernels/wasmLoad.test.ts', 'test/kernels/elementwiseWasm.test.ts'],
  },
  tree: {
    mutate: ['src/tree/**/*.ts', '!src/tree/index.ts'],
    tests: ['test/tree/**/*.test.ts', 'laws/tree.test.ts', 'test/nn/**/*.test.ts'],
  },
  nn: {
    mutate: ['src/nn/{traverse,transform,cast,run,freeze}.ts'],
    tests: ['test/nn/**/*.test.ts', 'laws/module.test.ts'],
  },
  // The tensor core in three parts, so each has its own report and incremental file (one folder row
  // each in MUTATION.md): elementwise ops with shapes, broadcasting and promotion; reductions and
  // matrix products; dtypes and their conversions. The gradient laws and tests kill mutants in vjps.
  'tensor-elementwise': {
    mutate: ['src/tensor/{elementwise,strided,shape,promote}.ts'],
    tests: TENSOR_TESTS,
  },
  'tensor-reduce': {
    mutate: ['src/tensor/{reduce,matmul}.ts'],
    tests: TENSOR_TESTS,
  },
  'tensor-dtype': {
    mutate: ['src/tensor/{dtype,convert,cast}.ts'],
    tests: TENSOR_TESTS,
  },
  safetensors: {
    mutate: ['src/io/safetensors/**/*.ts', '!src/io/safetensors/index.ts'],
    tests: ['test/io/**/*.test.ts', 'laws/safetensors.test.ts'],
  },
  optim: {
    mutate: ['src/optim/**/*.ts', '!src/optim/index.ts'],
    tests: ['test/optim/**/*.test.ts', 'laws/optim.test.ts'],
  },
}

/** The targets a bare `npm run test:mutation` runs; the others are run by naming them. */
export const defaultTargets = ['kernels', 'wasm', 'tree', 'nn', 'tensor-elementwise', 'tensor-reduce', 'tensor-dtype']

/** The target named by MUTATION_TARGET (default: kernels), with its name. */
export const currentTarget = () => {
  const name = process.env.MUTATION_TARGET ?? 'kernels'
  if (!Object.hasOwn(targets, name)) {
    throw new Error(`stryker.config.mjs: MUTATION_TARGET must be one of ${Object.keys(targets).join(', ')}; got '${name}'`)
  }
  return { name, ...targets[/** @type {keyof typeof targets} */ (name)] }
}

const target = currentTarget()

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // Of the target's test files (stryker.vitest.config.mjs), only those that import the mutated file
  // (directly or not) run, and per mutant only the tests that executed it during the initial run.
  vitest: { configFile: 'stryker.vitest.config.mjs', related: true },
  coverageAnalysis: 'perTest',
  // The machine has 2 cores shared with other work.
  concurrency: 1,
  mutate: target.mutate,
  // The browser end-to-end test and the non-test folders have no place in the sandbox.
  ignorePatterns: ['bench', 'dist', 'coverage', 'docs', 'examples/web', 'test/e2e', 'reports', 'MUTATION.md'],
  incremental: true,
  incrementalFile: `reports/mutation/${target.name}.incremental.json`,
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${target.name}.json` },
  htmlReporter: { fileName: `reports/mutation/${target.name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportMutants: false, reportScoreTable: true },
  // A busy machine makes slow tests slower still: be generous before calling a mutant a timeout.
  timeoutMS: 8000,
  dryRunTimeoutMinutes: 20,
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}

export default config
