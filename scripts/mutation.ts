/**
 * `npm run test:mutation [-- target… [--force]]`: run Stryker once per target of stryker.config.mjs
 * (the default targets when none is named), time each run, then rewrite MUTATION.md. Runs are
 * sequential and Stryker's own concurrency is 1, so the machine keeps a core for other work.
 * Incremental: each target reuses the results of its last run (reports/mutation/<target>.incremental.json)
 * for mutants whose code and covering tests did not change; `--force` tests every mutant again.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultTargets, targets } from '../stryker.config.mjs'
import { reportPath, writeReport, type Timing } from './mutationReport.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const STRYKER = join(ROOT, 'node_modules', '.bin', 'stryker')

const args = process.argv.slice(2)
const force = args.includes('--force')
const named = args.filter((a) => !a.startsWith('--'))
const unknown = named.filter((t) => !(t in targets))
if (unknown.length > 0) {
  console.error(`test:mutation: unknown target(s) ${unknown.join(', ')}; expected some of ${Object.keys(targets).join(', ')}`)
  process.exit(2)
}
const chosen = named.length > 0 ? named : defaultTargets

/** Run Stryker for one target; returns its exit status and the wall-clock seconds it took. */
const runTarget = (target: string): { readonly status: number; readonly seconds: number } => {
  const start = process.hrtime.bigint()
  const r = spawnSync(STRYKER, ['run', ...(force ? ['--force'] : [])], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, MUTATION_TARGET: target },
  })
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { status: r.status ?? 1, seconds }
}

let failed = false
for (const target of chosen) {
  const full = force || !existsSync(reportPath(target, 'incremental.json'))
  console.log(`\ntest:mutation: ${target} (${full ? 'every mutant' : 'incremental'})`)
  const { status, seconds } = runTarget(target)
  if (status !== 0) {
    console.error(`test:mutation: Stryker failed on ${target} (exit ${status}) after ${seconds.toFixed(0)} s`)
    failed = true
    break
  }
  const timingFile = reportPath(target, 'timing.json')
  const before = existsSync(timingFile) ? (JSON.parse(readFileSync(timingFile, 'utf8')) as Timing) : undefined
  const at = new Date().toISOString()
  const timing: Timing = full
    ? { lastSeconds: seconds, lastAt: at, fullSeconds: seconds, fullAt: at }
    : { ...before, lastSeconds: seconds, lastAt: at }
  mkdirSync(dirname(timingFile), { recursive: true })
  writeFileSync(timingFile, `${JSON.stringify(timing, null, 2)}\n`)
  console.log(`test:mutation: ${target} took ${seconds.toFixed(0)} s`)
}

writeReport()
console.log('test:mutation: MUTATION.md rewritten')
process.exit(failed ? 1 : 0)
