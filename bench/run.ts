/**
 * The benchmark entry (`npm run bench`): matrix multiply against peers, the seed's tiny product as
 * calls per second, and float16 encoding throughput, all measured in one run on this machine.
 * Prints a table, or with `--json` one JSON object holding every figure and ratio.
 */
import { cpus } from 'node:os'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { benchFloat16, type Float16Row } from './float16.js'
import { benchMm, MM_IMPLS, type MmRow } from './mm.js'
import { benchSeed, type SeedRow } from './seed.js'

/** Everything one run measured. */
export interface BenchReport {
  readonly machine: { readonly node: string; readonly cpu: string; readonly cores: number }
  readonly peers: { readonly tfjs: string; readonly tfjsBackend: string }
  readonly mm: readonly MmRow[]
  readonly seed: SeedRow
  readonly float16: Float16Row
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits)
const pad = (s: string, w: number): string => s.padStart(w)

function table(r: BenchReport): string {
  const lines = [
    `node ${r.machine.node}, ${r.machine.cpu} (${r.machine.cores} cores); tfjs ${r.peers.tfjs} on '${r.peers.tfjsBackend}'`,
    '',
    'mm float32, GFLOP/s (median of timed batches; ratio = ours / peer)',
    ['shape'.padEnd(21), ...MM_IMPLS.map((i) => pad(i, 9)), pad('/tfjs', 8), pad('/ml', 8), pad('/naive', 8), pad('Δ vs tfjs', 11)].join(''),
    ...r.mm.map((row) => [
      row.shape.padEnd(21),
      ...MM_IMPLS.map((i) => pad(fmt(row.gflops[i]), 9)),
      pad(fmt(row.ratios.tfjs, 1) + '×', 8),
      pad(fmt(row.ratios.mlMatrix, 1) + '×', 8),
      pad(fmt(row.ratios.naive, 1) + '×', 8),
      pad(row.maxRelDiffVsTfjs.toExponential(1), 11),
    ].join('')),
    '',
    `seed ${r.seed.shape}, calls/s: ours x.mm(w) ${fmt(r.seed.callsPerSec.ours / 1e6, 2)}M, ` +
      `tfjs matMul ${fmt(r.seed.callsPerSec.tfjs / 1e6, 3)}M (ours ${fmt(r.seed.ratio, 1)}×); ` +
      `our kernel alone ${fmt(r.seed.callsPerSec.oursKernel / 1e6, 2)}M`,
    '',
    `float16 encode (${r.float16.elements} elements): ${fmt(r.float16.mElementsPerSec.fromFloat32, 0)} M/s from float32, ` +
      `${fmt(r.float16.mElementsPerSec.fromFloat64, 0)} M/s from float64`,
  ]
  return lines.join('\n')
}

async function main(argv: readonly string[]): Promise<void> {
  const json = argv.includes('--json')
  tf.enableProdMode() // the peer at its fastest: no per-op debug checks (and no Node-backend banner)
  if (!(await tf.setBackend('cpu'))) throw new Error('bench: could not activate the tfjs cpu backend')
  const log = (s: string): void => {
    if (!json) process.stderr.write(s)
  }
  log('mm ')
  const mm = benchMm()
  log('seed ')
  const seed = benchSeed()
  log('float16\n\n')
  const float16 = benchFloat16()
  const report: BenchReport = {
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
    peers: { tfjs: tf.version_core, tfjsBackend: tf.getBackend() },
    mm, seed, float16,
  }
  process.stdout.write((json ? JSON.stringify(report, null, 2) : table(report)) + '\n')
}

await main(process.argv.slice(2))
