/** Equivalent mutants of the `safetensors` target. */
import type { Equivalent } from './kinds.js'

/** Every equivalent mutant of the `safetensors` target, each with its reason. */
export const safetensors: readonly Equivalent[] = []
