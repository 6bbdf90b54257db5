/**
 * Timing for the benchmarks. A thunk is warmed up first (V8 runs new code in a slower tier until it
 * has optimised it), then timed in batches of calls until a time box is spent; the figure is the
 * median batch's rate, which shrugs off a stray slow batch (a GC, another process on the machine).
 * Long calls (a naive 1024³ product takes seconds) get one warm-up call and at least `minSamples`.
 */

/** What one measurement found. */
export interface Timing {
  /** Calls per second, from the median batch. */
  readonly opsPerSec: number
  /** Calls timed (warm-up excluded). */
  readonly calls: number
  /** Batches timed. */
  readonly samples: number
}

/** How long to measure. */
export interface TimingOptions {
  /** Time box for the timed batches, in ms (exceeded only to reach `minSamples`). */
  readonly budgetMs?: number
  /** Time spent warming up, in ms (at least one call). */
  readonly warmupMs?: number
  /** Fewest batches to time. */
  readonly minSamples?: number
}

const now = (): number => performance.now()

/** Calls `thunk` repeatedly and returns its rate in calls per second. */
export function timeOps(thunk: () => unknown, { budgetMs = 600, warmupMs = 150, minSamples = 3 }: TimingOptions = {}): Timing {
  let last: unknown
  const keep = (x: unknown): void => {
    last = x // hold each result so no call can be optimised away
  }
  const w0 = now()
  let warmCalls = 0
  do {
    keep(thunk())
    warmCalls++
  } while (now() - w0 < warmupMs)
  const perCall = (now() - w0) / warmCalls
  // About eight batches fit in the budget; a call longer than a batch is a batch on its own.
  const batch = Math.max(1, Math.round(budgetMs / 8 / perCall))
  const rates: number[] = []
  const t0 = now()
  while (rates.length < minSamples || now() - t0 < budgetMs) {
    const s = now()
    for (let i = 0; i < batch; i++) keep(thunk())
    rates.push((batch * 1000) / (now() - s))
  }
  rates.sort((x, y) => x - y)
  const mid = rates.length >> 1
  const median = rates.length % 2 === 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2
  return { opsPerSec: median, calls: batch * rates.length, samples: rates.length }
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/**
 * Times several thunks in alternating rounds (a burst of load on a shared machine then hits all of
 * them rather than one) and returns each one's median rate over the rounds, in calls per second.
 */
export function timeInterleaved<K extends string>(thunks: Readonly<Record<K, () => unknown>>, rounds = 3, opts: TimingOptions = {}): Record<K, number> {
  const names = Object.keys(thunks) as K[]
  const rates = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>
  for (let r = 0; r < rounds; r++) for (const k of names) rates[k].push(timeOps(thunks[k], opts).opsPerSec)
  return Object.fromEntries(names.map((k) => [k, median(rates[k])])) as Record<K, number>
}
