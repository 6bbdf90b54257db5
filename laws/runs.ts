/**
 * How many cases each law runs: modest by default so `npm test` stays quick, raised by the
 * LAWS_RUNS environment variable (`npm run laws:deep`). fast-check prints the seed and path of any
 * failure, so a counterexample can be replayed with `{ seed, path }`.
 */
import fc from 'fast-check'

const fromEnv = (): number | undefined => {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } }
  const raw = g.process?.env?.LAWS_RUNS
  const n = raw === undefined ? NaN : Number(raw)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/** Run count for a law whose default is `base`; LAWS_RUNS scales every law to at least its value. */
export const runs = (base = 100): number => Math.max(base, fromEnv() ?? 0)

/** fast-check parameters for a law: run count plus verbose failure reports with the seed. */
export const params = (base = 100): fc.Parameters<unknown> => ({ numRuns: runs(base), verbose: 1 })
