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
