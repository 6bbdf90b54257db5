/**
 * The toy set the page learns: two interleaved spirals in the plane, drawn from explicit random
 * keys so that the same seed always gives the same points. Built from tensor ops only, so the
 * page shows the tensor API as well as the training loop.
 */
import { cat, full, random, stack, type Tensor } from '../../src/index.js'

/** Points [n, 2] float32 and labels [n] int64 (0 or 1). */
export interface ToySet {
  readonly x: Tensor
  readonly y: Tensor
}

/** Options for `twoSpirals`. */
export interface SpiralOptions {
  /** Points per class. */
  readonly perClass?: number
  /** Turns each arm makes. */
  readonly turns?: number
  /** Standard deviation of the Gaussian noise added to every point. */
  readonly noise?: number
}

/** One arm: radius grows with the position t along it; class c is rotated by c·π. */
function arm(key: random.Key, c: number, n: number, turns: number, noise: number): Tensor {
  const [kt, kn] = random.split(key)
  const t = random.uniform(kt, [n], { minval: 0.08, maxval: 1 })
  const angle = t.mul(2 * Math.PI * turns).add(c * Math.PI)
  const clean = stack([t.mul(angle.cos()), t.mul(angle.sin())], 1)
  return clean.add(random.normal(kn, [n, 2]).mul(noise))
}

/** Two spirals, one per class, inside roughly [-1, 1]². */
export function twoSpirals(key: random.Key, { perClass = 128, turns = 1.75, noise = 0.05 }: SpiralOptions = {}): ToySet {
  const [k0, k1] = random.split(key)
  return {
    x: cat([arm(k0, 0, perClass, turns, noise), arm(k1, 1, perClass, turns, noise)], 0),
    y: cat([full([perClass], 0, { dtype: 'int64' }), full([perClass], 1, { dtype: 'int64' })], 0),
  }
}

/** The page's set: two spirals from `random.key(1)`, the same on every load. */
export const pageSet = (): ToySet => twoSpirals(random.key(1))

/** The set as plain rows, for drawing: [x, y, label]. */
export function rows({ x, y }: ToySet): readonly (readonly [number, number, number])[] {
  const xs = x.toArray() as number[][]
  const ys = y.toArray() as number[]
  return xs.map(([a, b], i) => [a, b, ys[i]] as const)
}
