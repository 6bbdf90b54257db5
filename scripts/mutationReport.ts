/**
 * MUTATION.md from Stryker's JSON reports (reports/mutation/<target>.json, one per target of
 * stryker.config.mjs) and the run times `scripts/mutation.ts` records next to them: the score per
 * folder, run times, and every mutant that survived, with the reason when it is a known equivalent
 * (scripts/mutationEquivalents.ts). Run on its own (`tsx scripts/mutationReport.ts`) it only
 * rewrites the summary from the reports already on disk.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { targets } from '../stryker.config.mjs'
import { equivalents, type Equivalent } from './mutationEquivalents.js'

/** The parts of a mutant in Stryker's JSON report (mutation-testing-report-schema) read here. */
interface ReportMutant {
  readonly id: string
  readonly mutatorName: string
  readonly replacement?: string
  readonly status: string
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } }
}

/** The parts of Stryker's JSON report read here. */
interface Report {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[] }>>
}

/** Wall-clock times of a target's runs, written by scripts/mutation.ts. */
export interface Timing {
  /** Seconds of the latest run (incremental: only changed mutants were tested). */
  readonly lastSeconds: number
  readonly lastAt: string
  /** Seconds of the latest run that tested every mutant (no incremental file to reuse). */
  readonly fullSeconds?: number
  readonly fullAt?: string
}

/** A survivor with its place, its code and, for an equivalent, why. */
interface Survivor {
  readonly where: string
  readonly mutator: string
  readonly original: string
  readonly replacement: string
  readonly status: string
  readonly equivalent?: Equivalent
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** Where a target's report, html and timing files live. */
export const reportPath = (target: string, ext: string): string => join(ROOT, 'reports', 'mutation', `${target}.${ext}`)

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim()

/** The source text a mutant replaces (the report's lines and columns are 1-based). */
const originalText = (source: string, m: ReportMutant): string => {
  const lines = source.split('\n')
  const { start, end } = m.location
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1)
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n')
}

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

const percent = (num: number, den: number): string => (den === 0 ? 'n/a' : `${((100 * num) / den).toFixed(1)}%`)
const seconds = (s: number | undefined): string => (s === undefined ? '—' : s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`)
const short = (s: string, max = 70): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`)
const code = (s: string): string => `\`${short(collapse(s)).replace(/`/g, "'")}\``

/** Counts and survivors of one report. */
const summarise = (report: Report) => {
  const counts = new Map<string, number>()
  const survivors: Survivor[] = []
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      counts.set(m.status, (counts.get(m.status) ?? 0) + 1)
      if (!UNDETECTED.has(m.status)) continue
      const original = collapse(originalText(source, m))
      const replacement = collapse(m.replacement ?? '')
      const line = source.split('\n')[m.location.start.line - 1] ?? ''
      const equivalent = equivalents.find((e) =>
        e.file === file && e.mutator === m.mutatorName && collapse(e.original) === original &&
        collapse(e.replacement) === replacement && (e.context === undefined || line.includes(e.context)))
      survivors.push({ where: `${file}:${m.location.start.line}:${m.location.start.column}`, mutator: m.mutatorName, original, replacement, status: m.status, equivalent })
    }
  }
  const n = (s: string): number => counts.get(s) ?? 0
  const detected = [...DETECTED].reduce((a, s) => a + n(s), 0)
  const undetected = [...UNDETECTED].reduce((a, s) => a + n(s), 0)
  const equivalentCount = survivors.filter((s) => s.equivalent !== undefined).length
  return { files: Object.keys(report.files).length, n, detected, undetected, equivalentCount, survivors }
}

/** The deepest folder holding every one of `files`. */
const commonFolder = (files: readonly string[]): string => {
  const parts = files.map((f) => f.split('/').slice(0, -1))
  const first = parts[0] ?? []
  let n = 0
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++
  return first.slice(0, n).join('/')
}

const readJson = <T>(path: string): T | undefined => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined)

/** The Markdown summary of every target that has a report. */
export const renderReport = (): string => {
  const rows: string[] = []
  const details: string[] = []
  const notRun: string[] = []
  const folders = new Map<string, { targets: string[]; detected: number; undetected: number; equivalent: number }>()
  for (const target of Object.keys(targets)) {
    const report = readJson<Report>(reportPath(target, 'json'))
    if (report === undefined) { notRun.push(target); continue }
    const timing = readJson<Timing>(reportPath(target, 'timing.json'))
    const s = summarise(report)
    const total = [...['Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'CompileError', 'RuntimeError']].reduce((a, k) => a + s.n(k), 0)
    rows.push(`| ${target} | ${s.files} | ${total} | ${s.n('Killed')} | ${s.n('Timeout')} | ${s.n('Survived')} | ${s.n('NoCoverage')} | ` +
      `${s.equivalentCount} | **${percent(s.detected, s.detected + s.undetected)}** | ${percent(s.detected, s.detected + s.undetected - s.equivalentCount)} | ` +
      `${seconds(timing?.fullSeconds)} | ${seconds(timing?.lastSeconds)} | ${timing?.lastAt.slice(0, 10) ?? '—'} |`)
    const folder = commonFolder(Object.keys(report.files))
    const f = folders.get(folder) ?? { targets: [], detected: 0, undetected: 0, equivalent: 0 }
    folders.set(folder, { targets: [...f.targets, target], detected: f.detected + s.detected, undetected: f.undetected + s.undetected, equivalent: f.equivalent + s.equivalentCount })
    const open = s.survivors.filter((v) => v.equivalent === undefined)
    const equiv = s.survivors.filter((v) => v.equivalent !== undefined)
    details.push(`### ${target}`, '')
    if (s.survivors.length === 0) details.push('Every mutant was detected.', '')
    if (open.length > 0) {
      details.push(`Not yet killed (${open.length}):`, '')
      for (const v of open) details.push(`- \`${v.where}\` ${v.mutator}${v.status === 'NoCoverage' ? ' (no coverage)' : ''}: ${code(v.original)} → ${code(v.replacement)}`)
      details.push('')
    }
    if (equiv.length > 0) {
      details.push(`Equivalent (${equiv.length}; kinds explained in scripts/mutationEquivalents/kinds.ts):`, '')
      for (const v of equiv) details.push(`- \`${v.where}\` ${v.mutator}: ${code(v.original)} → ${code(v.replacement)}. *${v.equivalent?.kind}*: ${v.equivalent?.reason}`)
      details.push('')
    }
  }
  return [
    '# Mutation testing',
    '',
    'Generated by `npm run test:mutation` (scripts/mutation.ts, then scripts/mutationReport.ts) from Stryker\'s JSON',
    'reports in reports/mutation/; do not edit by hand. Stryker with the vitest runner, `perTest` coverage, concurrency 1,',
    'incremental mode (reports/mutation/<target>.incremental.json, not committed: about 20 MB per target, rebuilt by one',
    'full run). Run one target with `npm run test:mutation -- kernels`; what each target mutates and which test files',
    'may kill its mutants are in stryker.config.mjs. A mutant that runs while modules load (a "static" one) has no',
    'per-test coverage, so an incremental run keeps its old result even when a new test would kill it: after adding',
    'such a test, run the target with `--force`.',
    '',
    'Score: detected (killed or timed out) over detected plus undetected (survived or not covered). The next column',
    'leaves the equivalent mutants (scripts/mutationEquivalents/) out of the count. Full run: the latest run that tested',
    'every mutant; last run: the latest run, which reuses unchanged results.',
    '',
    '| Folder | Files | Mutants | Killed | Timeout | Survived | No coverage | Equivalent | Score | Score without equivalents | Full run | Last run | Run on |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    notRun.length > 0 ? `Not run yet: ${notRun.join(', ')}.` : 'Every target has been run.',
    '',
    'By folder (the targets of one folder added up):',
    '',
    '| Folder | Targets | Score | Score without equivalents |',
    '|---|---|---:|---:|',
    ...[...folders.entries()].map(([folder, f]) =>
      `| ${folder} | ${f.targets.join(', ')} | **${percent(f.detected, f.detected + f.undetected)}** | ${percent(f.detected, f.detected + f.undetected - f.equivalent)} |`),
    '',
    '## Surviving mutants',
    '',
    ...details,
  ].join('\n')
}

/** Rewrite MUTATION.md at the repository root. */
export const writeReport = (): void => writeFileSync(join(ROOT, 'MUTATION.md'), renderReport())

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) writeReport()
