/**
 * PyTorch's module repr: `Kind(extra)` for a leaf module, and children as `(name): …` lines
 * indented two spaces (torch.nn.Module.__repr__ with _addindent), so the same architecture prints
 * the same text in both.
 */
import type { AnyModule, Children } from './module.js'

/** Indents every line but the first by `n` spaces (torch's _addindent). */
const addIndent = (s: string, n: number): string => s.split('\n').join('\n' + ' '.repeat(n))

/**
 * The repr of `m`, as `repr(module)` prints it in PyTorch.
 * @example
 * import { nn } from 'immutorch'
 *
 * nn.repr(nn.BatchNorm1d(3)) // 'BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)'
 */
export function formatModule(m: AnyModule): string {
  const extra = m.extraRepr === undefined ? '' : m.extraRepr(m)
  const extraLines = extra === '' ? [] : extra.split('\n')
  const childLines = Object.entries(m.children as Children)
    .map(([name, c]) => `(${name}): ${c === null ? 'None' : addIndent(formatModule(c), 2)}`)
  const lines = [...extraLines, ...childLines]
  let s = `${m.kind}(`
  if (lines.length > 0) {
    s += extraLines.length === 1 && childLines.length === 0 ? extraLines[0] : '\n  ' + lines.join('\n  ') + '\n'
  }
  return s + ')'
}

/** Python's repr of a float: `1e-05`, `0.1`, `1.0`, `1e+16`, `None` for null. */
export function pyFloat(x: number | null): string {
  if (x === null) return 'None'
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const [digits, expStr] = x.toExponential().split('e')
  const exp = Number(expStr)
  if (exp < -4 || exp >= 16) {
    return `${digits}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  const s = x.toFixed(Math.max(0, (digits.replace('-', '').replace('.', '').length - 1) - exp))
  return s.includes('.') ? s : `${s}.0`
}

/** Python's repr of a tuple of ints: `(4,)`, `(4, 5)`. */
export const pyTuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`)

/** Python's repr of a bool. */
export const pyBool = (b: boolean): string => (b ? 'True' : 'False')
