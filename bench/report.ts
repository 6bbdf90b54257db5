/**
 * What one bench run found, and its printed table: mm against peers (typed-array and WebAssembly
 * kernels, with the speed targets checked), float32 elementwise ops against peers, the seed's call
 * rates (source and compiled build), training throughput per library and batch size with ratios,
 * and float16 encoding. Ratios are speeds, ours over the peer (or, for wasm2/wasm1, two threads
 * over one): above 1, ours is faster.
 */
import { ELEMENTWISE_IMPLS, ELEMENTWISE_RATIOS, type ElementwiseBench, type ElementwiseRatio } from './elementwise.js'
import type { Float16Row } from './float16.js'
import type { ForwardRow } from './forward.js'
import type { DistInfo } from './library.js'
import { MM_IMPLS, MM_RATIOS, type MmRatio, type MmRow, type MmTargetResult } from './mm.js'
import type { WasmSetup } from './mmWasm.js'
import type { SeedRow } from './seed.js'
import type { TrainingReport, TrainLib, TrainRun } from './training.js'

/** Training speed of one build of ours against each peer at one batch size: peer time / ours. */
export type TrainRatios = Readonly<Record<string, Readonly<Record<string, number>>>>

/** Everything one run measured. */
export interface BenchReport {
  readonly machine: {
    readonly node: string
    readonly cpu: string
    readonly cores: number
    /** os.loadavg() (1, 5, 15 minutes) when the run started and when it ended: the machine is shared. */
    readonly loadAvgStart: readonly number[]
    readonly loadAvgEnd: readonly number[]
  }
  readonly peers: { readonly tfjs: string; readonly tfjsBackend: string }
  readonly dist: DistInfo
  readonly mm: readonly MmRow[]
  /** What the WebAssembly mm contenders ran on (threads, tfjs-backend-wasm's binary). */
  readonly mmWasm: WasmSetup
  /** The mm speed targets, each with its measured ratio. */
  readonly mmTargets: readonly MmTargetResult[]
  /** Float32 add, add with alpha, mul by a scalar and relu: ours against our typed-array kernel and tfjs (no targets). */
  readonly elementwise: ElementwiseBench
  readonly seed: SeedRow
  readonly forward: ForwardRow & { readonly maxAbsDiffVsTfjs: number }
  /** ratios: by estimated epoch time (the targets); stepRatios: by mean ms per timed step, after warm-up. */
  readonly training: (TrainingReport & { readonly ratios: TrainRatios; readonly stepRatios: TrainRatios }) | null
  readonly float16: Float16Row
  /** Every speed target of the run, met or not: the mm ones, the seed forward, training against jax-js. */
  readonly targets: readonly Target[]
}

/** One speed target: a ratio measured in this run against the least it must be. */
export interface Target {
  readonly name: string
  readonly atLeast: number
  /** null when the run did not measure it (no dist build, --no-training, a failed peer). */
  readonly measured: number | null
  readonly met: boolean
}

const target = (name: string, atLeast: number, measured: number | null | undefined): Target =>
  ({ name, atLeast, measured: measured ?? null, met: measured !== null && measured !== undefined && measured >= atLeast })

/** The five targets: mm single thread vs tfjs-backend-wasm (256³, 1024³), two threads vs one, seed forward, MLP steps vs jax-js. */
export function collectTargets(r: Omit<BenchReport, 'targets'>): Target[] {
  const train = (batch: number): number | undefined => r.training?.ratios[`ours-dist@${batch}`]?.['jax-js']
  return [
    ...r.mmTargets.map((t) => target(`mm ${t.ratio} at ${t.shape}`, t.atLeast, t.measured)),
    target('seed forward nn.run(LinearModel) 4×5, dist / tfjs-cpu', 10, r.forward.ratioDist),
    target('MLP training epoch, batch 128, dist / jax-js (jit)', 1, train(128)),
    target('MLP training epoch, batch 32, dist / jax-js (jit)', 1, train(32)),
  ]
}

const OURS: readonly TrainLib[] = ['ours', 'ours-dist']

/** ratios[`${ours}@${batch}`][peer] = peer's time / ours, by `by` (estimated epoch seconds or mean ms per step). */
export function trainRatios(runs: readonly TrainRun[], by: 'secPerEpoch' | 'msPerStep' = 'secPerEpoch'): TrainRatios {
  const out: Record<string, Record<string, number>> = {}
  for (const o of runs.filter((r) => OURS.includes(r.lib))) {
    const peers = runs.filter((r) => r.batch === o.batch && !OURS.includes(r.lib))
    out[`${o.lib}@${o.batch}`] = Object.fromEntries(peers.map((p) => [p.lib, p[by] / o[by]]))
  }
  return out
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits)
const pad = (s: string, w: number): string => s.padStart(w)
const load = (xs: readonly number[]): string => xs.map((x) => fmt(x)).join(' ')

function trainingTable(t: NonNullable<BenchReport['training']>): string[] {
  const head = ['lib'.padEnd(10), pad('batch', 6), pad('ms/step', 9), pad('median', 8), pad('s/epoch', 9), pad('GFLOP/s', 8),
    pad('1st ms', 8), pad('warm ms', 9), pad('thr', 4), pad('RSS MB', 8), pad('data MB', 8), '  eval loss before → after']
  const rows = t.runs.map((r) => [
    r.lib.padEnd(10), pad(String(r.batch), 6), pad(fmt(r.msPerStep, 1), 9), pad(fmt(r.msPerStepMedian, 1), 8),
    pad(fmt(r.secPerEpoch, 1), 9), pad(fmt(r.gflops), 8), pad(fmt(r.firstStepMs, 0), 8), pad(fmt(r.warmupMs, 0), 9), pad(String(r.threads), 4),
    pad(fmt(r.maxRssMB, 0), 8), pad(fmt(r.dataRssMB, 0), 8),
    `  ${fmt(r.lossBefore, 5)} → ${fmt(r.lossAfter, 5)} ${r.learned ? 'learned' : 'DID NOT LEARN'}`,
  ].join(''))
  const peers = [...new Set(t.runs.filter((r) => !OURS.includes(r.lib)).map((r) => r.lib))]
  const ratioRows = (ratios: TrainRatios): string[] =>
    Object.entries(ratios).map(([k, rs]) => [k.padEnd(16), ...peers.map((p) => pad(rs[p] === undefined ? '—' : fmt(rs[p]) + '×', 12))].join(''))
  return [
    `training MLP 784-256-128-10 (ReLU, cross-entropy, SGD lr 0.01 momentum 0.9), same data and starting weights in every library;`,
    `${t.warmup} warm-up steps (warm ms, the first step's compilation included) then ${t.steps} timed steps (ms/step, median);`,
    `s/epoch = warm ms + the other steps of a 60,000-sample epoch at ms/step (an estimate, not a timed epoch); best of ${t.rounds} round(s) by s/epoch;`,
    `each row its own process: RSS MB = its peak RSS, data MB = its RSS once the 190 MB of data was made; data identical in every process: ${t.sameData ? 'yes' : 'NO'};`,
    `all start from the same weights: eval loss after the run agrees across libraries within ${Object.entries(t.lossAfterSpread).map(([b, d]) => `${d.toExponential(1)} (batch ${b})`).join(', ')}`,
    head.join(''),
    ...rows,
    '',
    'training speed, ours / peer (peer s/epoch ÷ ours; > 1 means ours is faster)',
    ['ours@batch'.padEnd(16), ...peers.map((p) => pad(p, 12))].join(''),
    ...ratioRows(t.ratios),
    'after warm-up alone (peer ms/step ÷ ours, in the same runs)',
    ...ratioRows(t.stepRatios),
    ...t.failures.map((f) => `FAILED ${f.lib}@${f.batch}: ${f.error}`),
  ]
}

/** The mm tables: GFLOP/s per contender, the ratios, and the targets met or not. */
function mmTable(r: BenchReport): string[] {
  const w = r.mmWasm
  const ratioNames = Object.keys(MM_RATIOS) as MmRatio[]
  const worstDiff = (row: MmRow): number => Math.max(...Object.values<number>(row.maxRelDiffVsTfjs))
  const target = (t: MmTargetResult): string =>
    `  ${t.ratio} at ${t.shape} ≥ ${fmt(t.atLeast, 1)}×: ${t.measured === null ? 'not run' : `${fmt(t.measured, 3)}× ${t.met ? 'met' : 'NOT MET'}`}`
  return [
    `mm float32, GFLOP/s (median of alternating rounds; every call allocates its output; tfjsWasm's call includes dataSync)`,
    `  wasm1/wasm2 = our WebAssembly SIMD kernel on ${w.oursThreads.wasm1}/${w.oursThreads.wasm2} thread(s)${w.oursSimd ? '' : ' (NO SIMD: JavaScript fallback)'}; ` +
      `tfjsWasm = tfjs-backend-wasm ${w.tfjsWasmBinary}, ${w.tfjsWasmThreads} thread(s) ` +
      `(SIMD ${w.tfjsWasmSimd ? 'yes' : 'no'}, multithread detected ${w.tfjsWasmMultithreadDetected ? 'yes' : 'no'}, used ${w.tfjsWasmMultithread ? 'yes' : 'no'})`,
    ['shape'.padEnd(21), ...MM_IMPLS.map((i) => pad(i, 9)), pad('max Δ', 10)].join(''),
    ...r.mm.map((row) => [row.shape.padEnd(21), ...MM_IMPLS.map((i) => pad(fmt(row.gflops[i]), 9)), pad(worstDiff(row).toExponential(1), 10)].join('')),
    '  (max Δ = largest max|x − tfjs| / max|tfjs| over every contender, against tfjs-backend-cpu)',
    '',
    'mm speed ratios (> 1: the first is faster)',
    ['shape'.padEnd(21), ...ratioNames.map((n) => pad(n, 16))].join(''),
    ...r.mm.map((row) => [row.shape.padEnd(21), ...ratioNames.map((n) => pad(fmt(row.ratios[n]) + '×', 16))].join('')),
    `mm targets (1-min load average ${fmt(r.machine.loadAvgStart[0])} at start on ${r.machine.cores} cores: a core kept busy by another process caps wasm2/wasm1)`,
    ...r.mmTargets.map(target),
  ]
}

/** The elementwise tables: µs per call per contender, then the ratios. */
function elementwiseTable(e: ElementwiseBench): string[] {
  const ratioNames = Object.keys(ELEMENTWISE_RATIOS) as ElementwiseRatio[]
  const label = (row: ElementwiseBench['rows'][number]): string => `${row.call.padEnd(26)}${row.shape.padEnd(9)}`
  return [
    `elementwise float32, µs per call (median of ${e.rounds} alternating rounds; every call allocates its output; tfjs calls include dataSync)`,
    `  ours = the ${e.oursBuild === 'dist' ? 'compiled build\'s' : 'source\'s (no dist build)'} tensor ops${e.oursSimd ? '' : ' (NO SIMD: typed-array loops)'}; ` +
      `typedArray = our typed-array kernel called directly (the loops before the WebAssembly kernels); tfjsWasm = tfjs-backend-wasm ${e.tfjsWasm.binary}, ${e.tfjsWasm.threads} thread(s)`,
    ['op'.padEnd(35), ...ELEMENTWISE_IMPLS.map((i) => pad(i, 11)), pad('ours M/s', 10), pad('max Δ', 10)].join(''),
    ...e.rows.map((row) => [label(row), ...ELEMENTWISE_IMPLS.map((i) => pad(fmt(row.usPerCall[i], 1), 11)),
      pad(fmt(row.mElementsPerSec.ours, 0), 10), pad(Math.max(...Object.values<number>(row.maxAbsDiffVsOurs)).toExponential(1), 10)].join('')),
    '  (max Δ = largest |x − ours| over every contender and element; each is checked within float32 rounding)',
    'elementwise speed ratios (> 1: ours is faster)',
    ['op'.padEnd(35), ...ratioNames.map((n) => pad(n, 16))].join(''),
    ...e.rows.map((row) => [label(row), ...ratioNames.map((n) => pad(fmt(row.ratios[n]) + '×', 16))].join('')),
  ]
}

/** The report as the printed table. */
export function table(r: BenchReport): string {
  const distNote = r.dist.available ? `dist built ${r.dist.builtAt}${r.dist.stale ? ', OLDER than some src file: run `npm run build`' : ''}` : 'no dist build (run `npm run build`)'
  const perCall = (x: number | null): string => (x === null ? '—' : `${fmt(x / 1e6, 3)}M`)
  const ratio = (x: number | null): string => (x === null ? '—' : `${fmt(x, 1)}×`)
  const lines = [
    `node ${r.machine.node}, ${r.machine.cpu} (${r.machine.cores} cores); tfjs ${r.peers.tfjs} on '${r.peers.tfjsBackend}'`,
    `load average (1/5/15 min) at start ${load(r.machine.loadAvgStart)}, at end ${load(r.machine.loadAvgEnd)}; ${distNote}`,
    '',
    ...mmTable(r),
    '',
    ...elementwiseTable(r.elementwise),
    '',
    'seed, calls/s (median of 3 alternating rounds); source = src/ under tsx, dist = the compiled build',
    `  ${r.seed.shape} x.mm(w): ours source ${perCall(r.seed.callsPerSec.ours)}, dist ${perCall(r.seed.callsPerSec.oursDist)}, ` +
      `tfjs matMul ${perCall(r.seed.callsPerSec.tfjs)}; ours/tfjs source ${ratio(r.seed.ratio)}, dist ${ratio(r.seed.ratioDist)}; ` +
      `our kernel alone ${perCall(r.seed.callsPerSec.oursKernel)}`,
    `  ${r.forward.shape} nn.run eval: ours source ${perCall(r.forward.callsPerSec.ours)}, dist ${perCall(r.forward.callsPerSec.oursDist)}, ` +
      `tfjs tidy(add(matMul)) ${perCall(r.forward.callsPerSec.tfjs)}; ours/tfjs source ${ratio(r.forward.ratio)}, dist ${ratio(r.forward.ratioDist)} (target ≥ 10×); ` +
      `max |ours − tfjs| ${r.forward.maxAbsDiffVsTfjs.toExponential(1)}`,
    '',
    ...(r.training === null ? ['training: skipped (--no-training)'] : trainingTable(r.training)),
    '',
    `float16 encode (${r.float16.elements} elements): ${fmt(r.float16.mElementsPerSec.fromFloat32, 0)} M/s from float32, ` +
      `${fmt(r.float16.mElementsPerSec.fromFloat64, 0)} M/s from float64`,
    '',
    `targets (ratios from this run; load average ${load(r.machine.loadAvgStart)} at start)`,
    ...r.targets.map((t) => `  ${t.met ? 'met    ' : t.measured === null ? 'not run' : 'NOT MET'}  ${t.name} ≥ ${fmt(t.atLeast, 1)}×: ${t.measured === null ? '—' : `${fmt(t.measured, 2)}×`}`),
  ]
  return lines.join('\n')
}
