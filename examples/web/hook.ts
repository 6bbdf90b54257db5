/**
 * The page's test hook, `window.__immutorch`: a few synchronous calls that let a browser test
 * train, predict and round-trip weights without waiting on animation frames or timers. It reaches
 * only what the buttons reach; the page works the same without it.
 */
import type { nn } from '../../src/index.js'

/** The result of loading weights: ok, or the stage that refused them and its message. */
export type LoadResult =
  | { readonly ok: true; readonly tensors: number }
  | { readonly ok: false; readonly stage: 'decode' | 'load'; readonly message: string }

/** What the page exposes to tests. */
export interface TestHook {
  /** Every training loss so far, one per step. */
  lossHistory(): number[]
  /** Class probabilities [[p0, p1], …] for points [[x, y], …], in the current mode. */
  predict(points: readonly (readonly [number, number])[]): number[][]
  /** Runs `n` training steps now, redraws, and returns their losses. */
  step(n: number): number[]
  /** The current weights as a safetensors file (what the download button saves). */
  stateDictBytes(): Uint8Array
  /** Loads a safetensors file (what the file input does), with the message it showed. */
  loadBytes(bytes: ArrayLike<number>): LoadResult
  /** The mode predictions are made in. */
  mode(): nn.Mode
  /** Whether the animation-frame loop is training. */
  running(): boolean
  /** Back to step 0 with the seed field's value (what the reset button does). */
  reset(): void
}

declare global {
  interface Window {
    /** The test hook, set once the page has mounted. */
    __immutorch?: TestHook
  }
}
