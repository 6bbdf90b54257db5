/**
 * Printing like PyTorch (torch/_tensor_str.py with default print options: precision 4, linewidth 80,
 * threshold 1000, edgeitems 3): `tensor([[0.1000, 2.0000]], dtype=torch.float16)`, integer-valued
 * floats as `1.`, scientific notation when magnitudes span more than 1000×, summaries with `...`.
 */
import { isFloating } from './dtype.js'
import { numbersOf } from './convert.js'
import { stridesOf } from './shape.js'
import { storageOf, type Tensor } from './tensor.js'

const PRECISION = 4
const LINEWIDTH = 80
const THRESHOLD = 1000
const EDGE = 3

/** Python's `{:.pf}`: fixed notation, exact ties rounded half to even (JS's toFixed rounds them up). */
export function formatFixed(x: number, p: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf'
  if (Object.is(x, -0)) return '-' + (0).toFixed(p)
  const s = x.toFixed(p)
  const exact = Math.abs(x) < 1e21 ? Math.abs(x).toFixed(Math.min(100, p + 60)) : ''
  const dot = exact.indexOf('.')
  const rest = dot < 0 ? '' : exact.slice(dot + 1 + p)
  if (!/^50*$/.test(rest)) return s
  // An exact tie: toFixed rounded away from zero; step back if that made the last digit odd.
  const digits = s.replace('-', '').replace('.', '')
  if (Number(digits[digits.length - 1]) % 2 === 0) return s
  const down = (Math.trunc(Math.abs(x) * 10 ** p) / 10 ** p).toFixed(p)
  return (x < 0 || Object.is(x, -0) ? '-' : '') + down
}

/** Python's `{:.pe}`: mantissa with `p` decimals, exponent with sign and at least two digits. */
export function formatSci(x: number, p: number): string {
  if (!Number.isFinite(x)) return formatFixed(x, p)
  const [m0, e] = x.toExponential(p).split('e')
  const m = Object.is(x, -0) ? '-' + m0 : m0
  const sign = e[0] === '-' ? '-' : '+'
  const digits = e.replace(/^[-+]/, '')
  return `${m}e${sign}${digits.length < 2 ? '0' + digits : digits}`
}

interface Formatter {
  readonly width: number
  readonly format: (v: number | bigint) => string
}

/** Chooses int mode, fixed or scientific from the values that will be shown, as _Formatter does. */
function formatter(x: Tensor, values: readonly (number | bigint)[]): Formatter {
  if (x.dtype === 'bool') {
    const w = values.some((v) => v === 0) ? 5 : 4
    return { width: w, format: (v) => (v ? 'True' : 'False').padStart(w) }
  }
  if (!isFloating(x.dtype)) {
    const w = values.reduce<number>((m, v) => Math.max(m, String(v).length), 1)
    return { width: w, format: (v) => String(v).padStart(w) }
  }
  const finite = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0)
  if (finite.length === 0) {
    // No nonzero finite value: PyTorch keeps width 1 (no padding) and int mode.
    return { width: 1, format: (v) => fmtPlain(v as number) }
  }
  const abs = finite.map(Math.abs)
  const lo = Math.min(...abs)
  const hi = Math.max(...abs)
  const intMode = finite.every((v) => v === Math.ceil(v))
  const sci = hi / lo > 1000 || hi > 1e8 || (!intMode && lo < 1e-4)
  let fmt: (v: number) => string
  let width: number
  if (sci) {
    fmt = (v) => formatSci(v, PRECISION)
    width = Math.max(1, ...finite.map((v) => fmt(v).length))
  } else if (intMode) {
    fmt = (v) => (Number.isFinite(v) ? formatFixed(v, 0) + '.' : formatFixed(v, 0))
    width = Math.max(1, ...finite.map((v) => formatFixed(v, 0).length + 1))
  } else {
    fmt = (v) => formatFixed(v, PRECISION)
    width = Math.max(1, ...finite.map((v) => fmt(v).length))
  }
  return { width, format: (v) => fmt(v as number).padStart(width) }
}

const fmtPlain = (v: number): string => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : formatFixed(v, 0) + '.')

/** Flat indices of the elements shown when summarising (edge items of every dim). */
function shownIndices(shape: readonly number[], summarize: boolean): number[] {
  const st = stridesOf(shape)
  const out: number[] = []
  const walk = (d: number, off: number): void => {
    if (d === shape.length) {
      out.push(off)
      return
    }
    const n = shape[d]
    const idx = summarize && n > 2 * EDGE ? [0, 1, 2, n - 3, n - 2, n - 1] : [...Array(n).keys()]
    for (const i of idx) walk(d + 1, off + i * st[d])
  }
  walk(0, 0)
  return out
}

/** The body `[[...], [...]]` of a tensor's repr, with `indent` columns before it. */
function body(x: Tensor, read: (i: number) => number | bigint, fmt: Formatter, summarize: boolean, indent: number): string {
  const st = stridesOf(x.shape)
  const rec = (d: number, off: number, ind: number): string => {
    const n = x.shape[d]
    const cut = summarize && n > 2 * EDGE
    const pick = cut ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : [...Array(n).keys()]
    if (d === x.ndim - 1) {
      const items = pick.map((i) => (i < 0 ? ' ...' : fmt.format(read(off + i * st[d]))))
      const perLine = Math.max(1, Math.floor((LINEWIDTH - ind) / (fmt.width + 2)))
      const lines: string[] = []
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '))
      return '[' + lines.join(',\n' + ' '.repeat(ind + 1)) + ']'
    }
    const parts = pick.map((i) => (i < 0 ? '...' : rec(d + 1, off + i * st[d], ind + 1)))
    return '[' + parts.join(',' + '\n'.repeat(x.ndim - d - 1) + ' '.repeat(ind + 1)) + ']'
  }
  return rec(0, 0, indent)
}

/**
 * PyTorch's repr of a tensor.
 * @example
 * import { formatTensor, tensor } from 'immutorch'
 *
 * formatTensor(tensor([0.1, 2])) // 'tensor([0.1000, 2.0000])'
 * formatTensor(tensor([1, 2], { dtype: 'int64' })) // 'tensor([1, 2])'
 */
export function formatTensor(x: Tensor): string {
  const prefix = 'tensor('
  const indent = prefix.length
  const suffixes: string[] = []
  if (x.device !== 'cpu') suffixes.push(`device='${x.device}'`)
  const defaultDtype = x.dtype === 'float32' || x.dtype === 'int64' || x.dtype === 'bool'
  let text: string
  if (x.size === 0) {
    if (x.ndim !== 1) suffixes.push(`size=(${x.shape.join(', ')})`)
    text = '[]'
  } else {
    const raw = storageOf(x)
    const nums = raw instanceof BigInt64Array ? raw : numbersOf(x)
    const read = (i: number): number | bigint => nums[i]
    const summarize = x.size > THRESHOLD
    const fmt = formatter(x, shownIndices(x.shape, summarize).map(read))
    text = x.ndim === 0 ? fmt.format(read(0)) : body(x, read, fmt, summarize, indent)
  }
  if (!defaultDtype) suffixes.push(`dtype=torch.${x.dtype}`)
  let out = prefix + text
  // The same column arithmetic as PyTorch's _add_suffixes, so wrapping matches to the character.
  let last = out.length - out.lastIndexOf('\n') + 1
  for (const s of suffixes) {
    if (last + s.length + 2 > LINEWIDTH) {
      out += ',\n' + ' '.repeat(indent) + s
      last = indent + s.length
    } else {
      out += ', ' + s
      last += s.length + 2
    }
  }
  return out + ')'
}
