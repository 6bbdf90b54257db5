/**
 * Reverse accumulation over a trace: walk the nodes reachable from the output in reverse creation
 * order (a topological order), call each node's vjp, and add the cotangents that reach each input,
 * summed over broadcast dims and cast back to the input's dtype and device.
 */
import { add } from '../tensor/arithmetic.js'
import { to } from '../tensor/cast.js'
import { onesLike } from '../tensor/create.js'
import { sum } from '../tensor/reduce.js'
import type { Tensor } from '../tensor/tensor.js'
import { detach, type Trace, type TraceNode } from '../tensor/trace.js'
import { reshape } from '../tensor/view.js'

/** `g` summed down to `shape` over the dims broadcasting added or stretched. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g
  const lead = g.ndim - shape.length
  const dims = g.shape.map((_, d) => d).filter((d) => d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1))
  return reshape(dims.length === 0 ? g : sum(g, { dim: dims }), shape)
}

/** A cotangent shaped, typed and placed like the input it belongs to. */
const fit = (g: Tensor, x: Tensor): Tensor => {
  const u = unbroadcast(g, x.shape)
  return u.dtype === x.dtype && u.device === x.device ? u : to(u, { dtype: x.dtype, device: x.device })
}

/** The cotangent of every leaf of `trace` that `out` depends on, seeded with ones. */
export function backprop(out: Tensor, trace: Trace): Map<TraceNode, Tensor> {
  const cot = new Map<TraceNode, Tensor>()
  const root = out.node
  if (root === undefined || root.trace !== trace) return cot
  const nodes: TraceNode[] = []
  const seen = new Set<TraceNode>([root])
  const stack = [root]
  while (stack.length > 0) {
    const n = stack.pop()!
    nodes.push(n)
    for (const x of n.inputs) {
      const m = x.node
      if (m !== undefined && m.trace === trace && !seen.has(m)) {
        seen.add(m)
        stack.push(m)
      }
    }
  }
  nodes.sort((a, b) => b.id - a.id)
  cot.set(root, onesLike(detach(out)))
  for (const n of nodes) {
    const g = cot.get(n)
    if (g === undefined || n.vjp === undefined) continue
    const gs = n.vjp(g, n.inputs.map(detach), n.output!, n.inputs.map((x) => x.node !== undefined && x.node.trace === trace))
    cot.delete(n) // an interior node's cotangent is spent once its inputs have theirs
    n.inputs.forEach((x, i) => {
      const gi = gs[i]
      const m = x.node
      if (gi === null || gi === undefined || m === undefined || m.trace !== trace) return
      const fitted = fit(gi, x)
      const prev = cot.get(m)
      cot.set(m, prev === undefined ? fitted : add(prev, fitted))
    })
  }
  return cot
}
