/**
 * The hook reverse-mode differentiation hangs on. While `grad` runs a function, the tensors it
 * differentiates carry a node; every differentiable op passes its output through `traced`, which,
 * when an input carries a node, attaches a node that remembers the inputs and the op's
 * vector-Jacobian product. Outside `grad` no tensor has a node and `traced` returns its output
 * untouched. The tape is the graph of nodes itself: nothing global records anything.
 */
import { withNode, type Tensor } from './tensor.js'

/** One `grad` call's trace: nodes made under it count from `next`. */
export interface Trace {
  next: number
}

/**
 * A vector-Jacobian product: given the cotangent of the output and the inputs and output without
 * their nodes, the cotangent of each input (`null` for an input that gets none). `needs[i]` says
 * whether input i's cotangent is wanted (it is traced); a vjp may skip the work for the others.
 */
export type Vjp = (g: Tensor, inputs: readonly Tensor[], out: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[]

/** How a traced tensor was computed. Leaves (what grad differentiates) have no inputs. */
export interface TraceNode {
  readonly trace: Trace
  /** Creation order within the trace; reverse order is a topological order of the graph. */
  readonly id: number
  readonly inputs: readonly Tensor[]
  readonly vjp: Vjp | undefined
  /** The op's output without its node, handed to the vjp. */
  readonly output: Tensor | undefined
}

/** `t` without its node: the same values, cut off from any trace (stopGradient). */
export const detach = <T extends Tensor>(t: T): T => (t.node === undefined ? t : (withNode(t, undefined) as T))

/** @internal Marks `t` as a leaf of `trace`: grad will report the cotangent that reaches it. */
export const leaf = <T extends Tensor>(t: T, trace: Trace): T =>
  withNode(t, { trace, id: trace.next++, inputs: [], vjp: undefined, output: undefined }) as T

/**
 * Attaches a node to `out` when any input is traced; otherwise returns `out` as it is. Ops call
 * this once, at their end, with the vjp of the op.
 */
export function traced<T extends Tensor>(out: T, inputs: readonly Tensor[], vjp: Vjp): T {
  let trace: Trace | undefined
  for (let i = 0; i < inputs.length; i++) {
    const n = inputs[i].node
    if (n !== undefined) {
      trace = n.trace
      break
    }
  }
  if (trace === undefined) return out
  return withNode(out, { trace, id: trace.next++, inputs, vjp, output: detach(out) }) as T
}
