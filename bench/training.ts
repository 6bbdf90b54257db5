/**
 * Training throughput of an MLP 784 → 256 → 128 → 10 (ReLU, cross-entropy, SGD lr 0.01 with
 * momentum 0.9) on the same synthetic data and from the same starting weights in every library:
 * ours (source under tsx, and the compiled dist), tfjs-backend-cpu, tfjs-backend-wasm (SIMD) and
 * jax-js (whole step jit-compiled). A full epoch of 60,000 samples takes too long for the bench's
 * budget (tfjs-cpu would need minutes), so each run times its warm-up steps (the first step's
 * compilation or tracing, the JIT tiers of V8) and then a fixed number of steps, and estimates an
 * epoch as the warm-up as measured plus the epoch's remaining steps at the timed mean: what a real
 * epoch pays, start-up included (`--steps` can make the run a whole epoch). Each (library, batch) runs in its own
 * child process, so the peak RSS it reports is that library's alone (plus the shared 190 MB of data).
 * "Learned" means the loss on a held-out set from the same teacher fell over the run.
 *
 * As a child: `tsx bench/training.ts --lib ours --batch 128 [--steps 100] [--warmup 30]` prints one
 * JSON object (a TrainRun). `tsx bench/profile.ts` profiles the same steps.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadDist, sourceLib } from './library.js'
import { median } from './timing.js'
import { EPOCH_SAMPLES, LAYERS, checksum, flopsPerSample, initialWeights, trainingData, type LayerInit, type Trainer } from './trainSetup.js'

/** The contenders, in table order. */
export const TRAIN_LIBS = ['ours', 'ours-dist', 'tfjs-cpu', 'tfjs-wasm', 'jax-js'] as const
/** One contender's name. */
export type TrainLib = (typeof TRAIN_LIBS)[number]

/** How many steps to run. */
export interface TrainOptions {
  /** Steps timed after the warm-up (default 100). */
  readonly steps?: number
  /** Steps run and timed apart, first: compilation, jit tracing, V8's tiers (default 30, at least 1). */
  readonly warmup?: number
}

/** What one (library, batch) run measured. */
export interface TrainRun {
  readonly lib: TrainLib
  readonly description: string
  readonly batch: number
  readonly threads: number
  readonly warmupSteps: number
  readonly timedSteps: number
  /** The first step, compilation and tracing included. */
  readonly firstStepMs: number
  /** All warm-up steps together, the first included. */
  readonly warmupMs: number
  /** Mean over the timed steps (wall time / steps), after the warm-up. */
  readonly msPerStep: number
  /** Median timed step, which a stray burst of load on the machine moves less. */
  readonly msPerStepMedian: number
  /** An epoch's seconds: warmupMs, then the epoch's other (60,000 / batch − warmup) steps at msPerStep. */
  readonly secPerEpoch: number
  /** Nominal training GFLOP/s (3 × forward multiply-adds per sample). */
  readonly gflops: number
  /** Mean loss on the held-out set before any step and after the last timed step. */
  readonly lossBefore: number
  readonly lossAfter: number
  readonly learned: boolean
  /** Training loss of the first and the last step. */
  readonly firstStepLoss: number
  readonly lastStepLoss: number
  /** Peak RSS of the whole process (process.resourceUsage().maxRSS), MB. */
  readonly maxRssMB: number
  /** RSS once the data was made, before the library was loaded, MB. */
  readonly dataRssMB: number
  /** Checksum of the training and evaluation data: the same in every process. */
  readonly dataChecksum: string
}

/** A failed child: which run, and the end of what it printed. */
export interface TrainFailure {
  readonly lib: TrainLib
  readonly batch: number
  readonly error: string
}

/** Builds `lib`'s trainer from the shared starting weights. */
export async function makeTrainer(lib: TrainLib, init: readonly LayerInit[]): Promise<Trainer> {
  switch (lib) {
    case 'ours':
      return (await import('./trainOurs.js')).makeOursTrainer(sourceLib, init, 'source under tsx')
    case 'ours-dist': {
      const { lib: dist, info } = await loadDist()
      if (dist === null) throw new Error(`training: ${info.path} is missing: run \`npm run build\``)
      return (await import('./trainOurs.js')).makeOursTrainer(dist, init, info.stale ? 'dist, older than src' : 'dist')
    }
    case 'tfjs-cpu':
      return (await import('./trainTfjs.js')).makeTfjsTrainer('cpu', init)
    case 'tfjs-wasm':
      return (await import('./trainTfjs.js')).makeTfjsTrainer('wasm', init)
    case 'jax-js':
      return (await import('./trainJax.js')).makeJaxTrainer(init)
  }
}

const MB = 1024 * 1024

/** Trains `lib` at `batch` in this process and measures it. */
export async function runTraining(lib: TrainLib, batch: number, { steps = 100, warmup = 30 }: TrainOptions = {}): Promise<TrainRun> {
  const f = LAYERS[0]
  if (!Number.isInteger(warmup) || warmup < 1) throw new RangeError(`training: warmup must be an integer ≥ 1 (the first step is always timed apart), got ${warmup}`)
  if ((steps + warmup) * batch > EPOCH_SAMPLES) throw new RangeError(`training: ${steps + warmup} steps of ${batch} exceed one epoch (${EPOCH_SAMPLES})`)
  const { train, evalSet } = trainingData()
  const dataChecksum = checksum(train.x, train.y, evalSet.x, evalSet.y)
  const dataRssMB = process.memoryUsage().rss / MB
  const trainer = await makeTrainer(lib, initialWeights())
  const at = (s: number): [Float32Array, Int32Array] => [train.x.subarray(s * batch * f, (s + 1) * batch * f), train.y.subarray(s * batch, (s + 1) * batch)]
  const lossBefore = trainer.loss(evalSet.x, evalSet.y)
  let t = performance.now()
  const firstStepLoss = trainer.step(...at(0))
  const firstStepMs = performance.now() - t
  for (let s = 1; s < warmup; s++) trainer.step(...at(s))
  const warmupMs = performance.now() - t
  const times: number[] = []
  let lastStepLoss = NaN
  const t0 = performance.now()
  for (let s = warmup; s < warmup + steps; s++) {
    t = performance.now()
    lastStepLoss = trainer.step(...at(s))
    times.push(performance.now() - t)
  }
  const msPerStep = (performance.now() - t0) / steps
  const lossAfter = trainer.loss(evalSet.x, evalSet.y)
  return {
    lib, description: trainer.description, batch, threads: trainer.threads,
    warmupSteps: warmup, timedSteps: steps, firstStepMs, warmupMs, msPerStep, msPerStepMedian: median(times),
    secPerEpoch: (warmupMs + (EPOCH_SAMPLES / batch - warmup) * msPerStep) / 1000,
    gflops: (flopsPerSample() * batch) / (msPerStep * 1e6),
    lossBefore, lossAfter, learned: lossAfter < lossBefore, firstStepLoss, lastStepLoss,
    maxRssMB: (process.resourceUsage().maxRSS * 1024) / MB, dataRssMB, dataChecksum,
  }
}

/** Runs `runTraining` in a child process (same Node, same loader flags), so its RSS is its own. */
export function spawnTraining(lib: TrainLib, batch: number, { steps = 100, warmup = 30 }: TrainOptions = {}): TrainRun | TrainFailure {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--lib', lib, '--batch', String(batch), '--steps', String(steps), '--warmup', String(warmup)]
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * MB })
  if (r.status === 0) return JSON.parse(r.stdout) as TrainRun
  // Minified peers echo whole source lines in a stack trace: keep the error lines, cut short.
  const lines = `${r.stderr ?? ''}\n${r.error?.message ?? ''}`.split('\n').filter((l) => /error/i.test(l)).map((l) => l.trim().slice(0, 300))
  return { lib, batch, error: lines.slice(0, 4).join('\n') || `exit ${r.status ?? r.signal}` }
}

/** Everything the training benchmark found. */
export interface TrainingReport {
  readonly batches: readonly number[]
  readonly steps: number
  readonly warmup: number
  readonly rounds: number
  /** The best round (lowest secPerEpoch) of each (library, batch). */
  readonly runs: readonly TrainRun[]
  /** msPerStep of every round, by `${lib}@${batch}`. */
  readonly roundsMsPerStep: Readonly<Record<string, readonly number[]>>
  /** secPerEpoch of every round, by `${lib}@${batch}` (the best of these picks `runs`). */
  readonly roundsSecPerEpoch: Readonly<Record<string, readonly number[]>>
  readonly failures: readonly TrainFailure[]
  /** Whether every process, in every round, saw the same data checksum. */
  readonly sameData: boolean
  /** Per batch size, max − min of lossAfter over the libraries: small when all followed the same trajectory. */
  readonly lossAfterSpread: Readonly<Record<string, number>>
}

/** Runs every library at every batch size, each in its own child, `rounds` times in alternating order. */
export function benchTraining({ libs = TRAIN_LIBS, batches = [128, 32], steps = 100, warmup = 30, rounds = 3, log = (_: string): void => {} }: {
  readonly libs?: readonly TrainLib[]; readonly batches?: readonly number[]; readonly steps?: number; readonly warmup?: number
  readonly rounds?: number; readonly log?: (s: string) => void
} = {}): TrainingReport {
  const all = new Map<string, TrainRun[]>()
  const failures: TrainFailure[] = []
  for (let r = 0; r < rounds; r++) {
    for (const batch of batches) {
      for (const lib of libs) {
        const k = `${lib}@${batch}`
        if (failures.some((f) => f.lib === lib && f.batch === batch)) continue
        log(`${k} `)
        const run = spawnTraining(lib, batch, { steps, warmup })
        if ('error' in run) failures.push(run)
        else all.set(k, [...(all.get(k) ?? []), run])
      }
    }
  }
  const runs = [...all.values()].map((rs) => rs.reduce((a, b) => (b.secPerEpoch < a.secPerEpoch ? b : a)))
  return {
    batches, steps, warmup, rounds, runs,
    roundsMsPerStep: Object.fromEntries([...all].map(([k, rs]) => [k, rs.map((x) => x.msPerStep)])),
    roundsSecPerEpoch: Object.fromEntries([...all].map(([k, rs]) => [k, rs.map((x) => x.secPerEpoch)])),
    failures,
    sameData: new Set([...all.values()].flat().map((x) => x.dataChecksum)).size <= 1,
    lossAfterSpread: Object.fromEntries(batches.map((b) => {
      const at = runs.filter((x) => x.batch === b).map((x) => x.lossAfter)
      return [String(b), at.length === 0 ? NaN : Math.max(...at) - Math.min(...at)]
    })),
  }
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`)
  return i < 0 ? undefined : argv[i + 1]
}

async function main(argv: readonly string[]): Promise<void> {
  const lib = flag(argv, 'lib') as TrainLib | undefined
  if (lib === undefined || !TRAIN_LIBS.includes(lib)) throw new Error(`training: --lib must be one of ${TRAIN_LIBS.join(', ')}, got ${String(lib)}`)
  const batch = Number(flag(argv, 'batch') ?? 128)
  const steps = Number(flag(argv, 'steps') ?? 100)
  const warmup = Number(flag(argv, 'warmup') ?? 30)
  process.stdout.write(JSON.stringify(await runTraining(lib, batch, { steps, warmup })) + '\n')
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2))
