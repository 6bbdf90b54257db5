/**
 * Tensor names: which are allowed, and the order the writer sorts them in. State-dict names become
 * object keys when a dict is loaded into a module, so a name with a dotted part `__proto__`,
 * `constructor` or `prototype` is refused on both sides, as is the empty name (no PyTorch state dict
 * has one, and it would make paths ambiguous). Sorting follows the reference writer, which compares
 * Rust strings byte by byte in UTF-8: that is code-point order, not JavaScript's UTF-16 order.
 */

const FORBIDDEN_PARTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** The header key that holds the string → string metadata; no tensor may use it. */
export const METADATA_KEY = '__metadata__'

/** Whether a tensor name may be read or written: non-empty, no forbidden dotted part. */
export function isAllowedName(name: string): boolean {
  if (name === '') return false
  if (!name.includes('__proto__') && !name.includes('constructor') && !name.includes('prototype')) return true
  return !name.split('.').some((part) => FORBIDDEN_PARTS.has(part))
}

/** Whether `s` has an unpaired UTF-16 surrogate (it would not survive UTF-8). */
export const hasLoneSurrogate = (s: string): boolean => /\p{Surrogate}/u.test(s)

// A code unit moved so that UTF-16 comparison agrees with code-point order: surrogates (astral
// characters) must sort after U+E000–U+FFFF.
const fix = (c: number): number => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c)

/** Compares strings in code-point order (= UTF-8 byte order), as the reference writer sorts names. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fix(x) - fix(y)
  }
  return a.length - b.length
}
