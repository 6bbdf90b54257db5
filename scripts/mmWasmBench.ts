/**
 * A quick measurement of the WebAssembly matrix kernel (not a test): GFLOP/s of the typed-array
 * kernel, the wasm kernel on one thread and on two, at the shapes the notes name, in every
 * transpose layout, plus the small sizes that set the thresholds. Each figure is the median of
 * several timed batches (wall clock), after a warm-up. Run: `npx tsx scripts/mmWasmBench.ts [quick]`.
 */
import { mmIntoAt } from '../src/kernels/mm.js'
import { createWasmMm } from '../src/kernels/wasm/mmWasm.js'

type Arr = Float32Array | Float64Array
type Kernel = (a: Arr, b: Arr, out: Arr, m: number, k: number, n: number, tA: boolean, tB: boolean) => void

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]

/** Calls per second of `f`, median of `batches` batches of about `ms` milliseconds each. */
function rate(f: () => void, batches = 7, ms = 120): number {
  const w0 = performance.now()
  let calls = 0
  while (performance.now() - w0 < 60 || calls < 2) { f(); calls++ }
  const per = Math.max(1, Math.round((calls / (performance.now() - w0)) * ms))
  const rates: number[] = []
  for (let s = 0; s < batches; s++) {
    const t0 = performance.now()
    for (let i = 0; i < per; i++) f()
    rates.push(per / ((performance.now() - t0) / 1000))
  }
  return median(rates)
}

const filled = (T: typeof Float32Array | typeof Float64Array, len: number, seed: number): Arr => {
  const x = new T(len)
  for (let i = 0; i < len; i++) x[i] = Math.sin(seed + i * 0.618) // deterministic, in [-1, 1]
  return x
}

async function main(): Promise<void> {
  const quick = process.argv.includes('quick')
  const one = createWasmMm({ threads: false, minWork: 1 })
  const two = createWasmMm({ threads: true, minWork: 1, minThreadWork: 1 })
  const threads = await two.startThreads()
  const kernels: ReadonlyArray<readonly [string, Kernel]> = [
    ['js', (a, b, o, m, k, n, tA, tB) => mmIntoAt(a, 0, b, 0, o, 0, m, k, n, tA, tB)],
    ['wasm 1t', (a, b, o, m, k, n, tA, tB) => one.mmIntoAt(a, 0, b, 0, o, 0, m, k, n, tA, tB)],
    ['wasm 2t', (a, b, o, m, k, n, tA, tB) => two.mmIntoAt(a, 0, b, 0, o, 0, m, k, n, tA, tB)],
  ]
  console.log(`helper thread ready: ${threads}; GFLOP/s (median of batches)`)
  const shapes: ReadonlyArray<readonly [number, number, number]> = quick
    ? [[256, 256, 256], [256, 784, 128]]
    : [[64, 64, 64], [96, 96, 96], [128, 128, 128], [256, 256, 256], [1024, 1024, 1024], [256, 784, 128], [784, 256, 128], [128, 256, 784]]
  for (const T of [Float32Array, Float64Array]) {
    for (const [m, k, n] of shapes) {
      const a = filled(T, m * k, 1)
      const b = filled(T, k * n, 2)
      const out = new T(m * n)
      const cells: string[] = []
      for (const [tA, tB] of [[false, false], [true, false], [false, true]] as const) {
        const g = kernels.map(([name, f]) => {
          if (name === 'js' && m * k * n > 2 ** 27 && (tA || tB)) return `${name} -`
          const r = rate(() => f(a, b, out, m, k, n, tA, tB), m * k * n > 2 ** 27 ? 3 : 7)
          return `${name} ${((2 * m * k * n * r) / 1e9).toFixed(1)}`
        })
        cells.push(`${tA ? 'Aᵀ' : 'A'}·${tB ? 'Bᵀ' : 'B'}: ${g.join(', ')}`)
      }
      console.log(`${T === Float32Array ? 'f32' : 'f64'} ${m}×${k}·${k}×${n}  ${cells.join(' | ')}`)
    }
  }
  // Where wasm starts to beat the typed-array kernel (copy in and out included).
  console.log('small cubes, µs per call: js / wasm (f32)')
  for (const s of [4, 6, 8, 10, 12, 16, 20, 24, 32, 48]) {
    const a = filled(Float32Array, s * s, 1)
    const b = filled(Float32Array, s * s, 2)
    const out = new Float32Array(s * s)
    const us = kernels.slice(0, 2).map(([, f]) => 1e6 / rate(() => f(a, b, out, s, s, s, false, false), 5, 40))
    console.log(`  ${s}³ (m·k·n = ${s ** 3}): ${us.map((u) => u.toFixed(2)).join(' / ')}`)
  }
  two.dispose()
  one.dispose()
}

void main()
