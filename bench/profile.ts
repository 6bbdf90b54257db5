/**
 * A CPU profile of one library's training step, summarised: the V8 sampling profiler runs only
 * around the timed steps (not data generation, loading or warm-up), and the samples' self time is
 * added up by function, by file and by kind of work (matrix-multiply kernel, elementwise ops,
 * reductions, layout changes, autodiff, garbage collection, …), each with its share of the total.
 * `tsx bench/profile.ts [--lib ours-dist] [--batch 128] [--steps 20] [--top 25] [--out file.cpuprofile]`
 * (the saved profile opens in Chrome DevTools or speedscope).
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { repoRoot } from './library.js'
import { makeTrainer, TRAIN_LIBS, type TrainLib } from './training.js'
import { LAYERS, initialWeights, trainingData } from './trainSetup.js'

/** The parts of a .cpuprofile this reads. */
interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** Self time of one entry, ms and share of all sampled time. */
export interface ProfileEntry {
  readonly name: string
  readonly ms: number
  readonly share: number
}

/** Kinds of work, by the file a function lives in; first match wins. */
const KINDS: readonly [string, RegExp][] = [
  ['garbage collection', /^\(garbage collector\)/],
  ['elementwise kernels', /kernels\/(elementwise|wasm\/elementwise)/],
  ['mm kernel', /kernels\/(mm|mmNaive|wasm\/)/],
  ['WebAssembly code (both modules)', /^wasm:\/\//],
  ['matmul wrapper', /tensor\/matmul/],
  ['elementwise ops', /tensor\/(elementwise|arithmetic|math|compare|cast|promote)/],
  ['reductions, softmax', /tensor\/(reduce|softmax)/],
  ['layout (transpose, view, strided, slice)', /tensor\/(strided|view|slice|join|shape)/],
  ['tensor construction', /tensor\/(tensor|create|convert|dtype|device)/],
  ['autodiff (tape, backprop)', /autodiff\/|tensor\/(trace|dual)/],
  ['nn modules, losses', /\/nn\//],
  ['optimiser', /\/optim\//],
  ['trees (flatten, map)', /\/tree\//],
  ['immer, fp-ts', /node_modules\/(immer|fp-ts)/],
  ['random', /\/random\//],
  ['bench harness', /\/bench\//],
  ['V8 / native (program)', /^\(program\)/],
  ['idle', /^\(idle\)/],
]

const label = (fn: string, url: string): string => (url === '' ? fn : `${fn || '(anonymous)'} ${url}`)

/** Adds up self time by function, file and kind. */
export function summarise(p: CpuProfile): { readonly totalMs: number; readonly byFunction: ProfileEntry[]; readonly byFile: ProfileEntry[]; readonly byKind: ProfileEntry[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]))
  const fn = new Map<string, number>()
  const file = new Map<string, number>()
  const kind = new Map<string, number>()
  const add = (m: Map<string, number>, k: string, v: number): void => {
    m.set(k, (m.get(k) ?? 0) + v)
  }
  let total = 0
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000
    const cf = byId.get(id)
    if (cf === undefined) return
    const url = cf.url.startsWith('file://') ? relative(repoRoot, fileURLToPath(cf.url)) : cf.url
    total += dt
    add(fn, label(cf.functionName, url === '' ? '' : `${url}:${cf.lineNumber + 1}`), dt)
    add(file, url === '' ? cf.functionName : url, dt)
    const tag = url === '' ? cf.functionName : url
    add(kind, KINDS.find(([, re]) => re.test(tag))?.[0] ?? 'other', dt)
  })
  const entries = (m: Map<string, number>): ProfileEntry[] =>
    [...m].map(([name, ms]) => ({ name, ms, share: ms / total })).sort((a, b) => b.ms - a.ms)
  return { totalMs: total, byFunction: entries(fn), byFile: entries(file), byKind: entries(kind) }
}

function flag(argv: readonly string[], name: string, dflt: string): string {
  const i = argv.indexOf(`--${name}`)
  return i < 0 ? dflt : argv[i + 1]
}

async function main(argv: readonly string[]): Promise<void> {
  const lib = flag(argv, 'lib', 'ours-dist') as TrainLib
  if (!TRAIN_LIBS.includes(lib)) throw new Error(`profile: --lib must be one of ${TRAIN_LIBS.join(', ')}, got ${lib}`)
  const batch = Number(flag(argv, 'batch', '128'))
  const steps = Number(flag(argv, 'steps', '20'))
  const top = Number(flag(argv, 'top', '25'))
  const { train } = trainingData()
  const trainer = await makeTrainer(lib, initialWeights())
  const f = LAYERS[0]
  const at = (s: number): [Float32Array, Int32Array] => [train.x.subarray(s * batch * f, (s + 1) * batch * f), train.y.subarray(s * batch, (s + 1) * batch)]
  for (let s = 0; s < 3; s++) trainer.step(...at(s))
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  const t0 = performance.now()
  for (let s = 3; s < 3 + steps; s++) trainer.step(...at(s))
  const wall = performance.now() - t0
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }
  session.disconnect()
  const out = argv.includes('--out') ? flag(argv, 'out', '') : ''
  if (out !== '') writeFileSync(out, JSON.stringify(profile))
  const s = summarise(profile)
  const pct = (x: number): string => `${(100 * x).toFixed(1).padStart(5)}%`
  const show = (title: string, es: readonly ProfileEntry[], n: number): string[] =>
    [title, ...es.slice(0, n).map((e) => `${pct(e.share)} ${e.ms.toFixed(0).padStart(6)} ms  ${e.name}`)]
  process.stdout.write([
    `${trainer.description}, batch ${batch}: ${steps} steps in ${wall.toFixed(0)} ms (${(wall / steps).toFixed(1)} ms/step); ${s.totalMs.toFixed(0)} ms sampled`,
    '', ...show('self time by kind of work', s.byKind, KINDS.length + 1),
    '', ...show('self time by file', s.byFile, 15),
    '', ...show(`top ${top} functions by self time`, s.byFunction, top),
  ].join('\n') + '\n')
}

await main(process.argv.slice(2))
