/**
 * Every surviving mutant known to be equivalent, gathered from one file per mutation target in
 * scripts/mutationEquivalents/ (kinds.ts explains the entries and their kinds).
 */
import { kernels } from './mutationEquivalents/kernels.js'
import { nn } from './mutationEquivalents/nn.js'
import { optim } from './mutationEquivalents/optim.js'
import { safetensors } from './mutationEquivalents/safetensors.js'
import { tensor } from './mutationEquivalents/tensor.js'
import { tree } from './mutationEquivalents/tree.js'
import { wasm } from './mutationEquivalents/wasm.js'
import type { Equivalent } from './mutationEquivalents/kinds.js'

export type { EquivalenceKind, Equivalent } from './mutationEquivalents/kinds.js'

/** Every mutant known to be equivalent, by target. */
export const equivalents: readonly Equivalent[] = [...kernels, ...tree, ...nn, ...tensor, ...safetensors, ...optim, ...wasm]
