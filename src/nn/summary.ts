/**
 * `summary(m)`: a table of every parameter and buffer with its shape, dtype and element count,
 * then the totals (trainable, frozen, buffers), for reading a model at a glance.
 */
import type { AnyModule } from './module.js'
import { frozenNames } from './freeze.js'
import { namedBuffers, namedParameters } from './traverse.js'

/**
 * A text table of `m`'s tensors and counts.
 * @example
 * import { nn, random } from 'immutorch'
 *
 * console.log(nn.summary(nn.Linear(3, 2, { key: random.key(0) })))
 * nn.summary(nn.Linear(3, 2, { key: random.key(0) })).split('\n').at(-2) // 'Total params: 8'
 */
export function summary(m: AnyModule): string {
  const frozen = new Set(frozenNames(m))
  const rows: string[][] = [['name', 'kind', 'shape', 'dtype', 'count']]
  let trainable = 0
  let frozenCount = 0
  let bufferCount = 0
  for (const [name, p] of namedParameters(m)) {
    const isFrozen = frozen.has(name)
    rows.push([name, isFrozen ? 'param (frozen)' : 'param', `[${p.shape.join(', ')}]`, p.dtype, p.size.toLocaleString('en-US')])
    if (isFrozen) frozenCount += p.size
    else trainable += p.size
  }
  for (const [name, b] of namedBuffers(m)) {
    rows.push([name, 'buffer', `[${b.shape.join(', ')}]`, b.dtype, b.size.toLocaleString('en-US')])
    bufferCount += b.size
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  const line = (r: string[]) => r.map((cell, c) => (c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2))
  return [
    `${m.kind} summary`,
    rule,
    line(rows[0]),
    rule,
    ...rows.slice(1).map(line),
    rule,
    `Trainable params: ${trainable.toLocaleString('en-US')}`,
    `Frozen params: ${frozenCount.toLocaleString('en-US')}`,
    `Total params: ${(trainable + frozenCount).toLocaleString('en-US')}`,
    `Buffers: ${bufferCount.toLocaleString('en-US')}`,
  ].join('\n')
}
