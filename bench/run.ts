/**
 * The benchmark entry (`npm run bench`): matrix multiply against peers (our typed-array kernel
 * against tfjs-backend-cpu, ml-matrix and a naive loop; our WebAssembly SIMD kernel on one and two
 * threads against tfjs-backend-wasm on one, with the speed targets as ratios), float32 elementwise
 * ops (ours against our typed-array kernel, tfjs-backend-cpu and -wasm), the seed's product and
 * module forward as calls per second (from source and from the compiled build), MLP training
 * against tfjs (cpu and wasm backends) and jax-js, each library in its own child process, and
 * float16 encoding throughput, all measured in one run on this machine. Prints a table, or with
 * `--json` one JSON object holding every figure and ratio.
 * Flags: `--json`, `--no-training`, `--train-steps N` (default 100), `--train-warmup W` (default 30),
 * `--train-rounds R` (default 3).
 */
import { cpus, loadavg } from 'node:os'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { benchElementwise } from './elementwise.js'
import { benchFloat16 } from './float16.js'
import { benchForward } from './forward.js'
import { loadDist } from './library.js'
import { benchMm } from './mm.js'
import { collectTargets, table, trainRatios, type BenchReport } from './report.js'
import { benchSeed } from './seed.js'
import { benchTraining } from './training.js'

const numFlag = (argv: readonly string[], name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`)
  const v = i < 0 ? dflt : Number(argv[i + 1])
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`bench: --${name} takes a positive integer, got ${argv[i + 1]}`)
  return v
}

async function main(argv: readonly string[]): Promise<void> {
  const json = argv.includes('--json')
  const loadAvgStart = loadavg()
  tf.enableProdMode() // the peer at its fastest: no per-op debug checks (and no Node-backend banner)
  if (!(await tf.setBackend('cpu'))) throw new Error('bench: could not activate the tfjs cpu backend')
  const log = (s: string): void => {
    if (!json) process.stderr.write(s)
  }
  const dist = await loadDist()
  log('mm ')
  const { rows: mm, wasm: mmWasm, targets: mmTargets } = await benchMm()
  log('elementwise ')
  const elementwise = await benchElementwise(dist.lib)
  log('seed ')
  const seed = benchSeed(dist.lib)
  log('forward ')
  const forward = benchForward(dist.lib)
  log('float16 ')
  const float16 = benchFloat16()
  let training: BenchReport['training'] = null
  if (!argv.includes('--no-training')) {
    log('training: ')
    const t = benchTraining({ steps: numFlag(argv, 'train-steps', 100), warmup: numFlag(argv, 'train-warmup', 30), rounds: numFlag(argv, 'train-rounds', 3), log })
    training = { ...t, ratios: trainRatios(t.runs), stepRatios: trainRatios(t.runs, 'msPerStep') }
  }
  log('\n\n')
  const measured = {
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAvgStart, loadAvgEnd: loadavg() },
    peers: { tfjs: tf.version_core, tfjsBackend: tf.getBackend() },
    dist: dist.info,
    mm, mmWasm, mmTargets, elementwise, seed, forward, training, float16,
  }
  const report: BenchReport = { ...measured, targets: collectTargets(measured) }
  process.stdout.write((json ? JSON.stringify(report, null, 2) : table(report)) + '\n')
}

await main(process.argv.slice(2))
