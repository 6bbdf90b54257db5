/**
 * A strict JSON parser for safetensors headers. `JSON.parse` is too forgiving for untrusted files: it
 * keeps the last of duplicate keys, turns `1e3` and `1.0` into integers, accepts escaped lone
 * surrogates and recurses without a depth bound. This one reports duplicates (with their path),
 * keeps each number's source text so integer checks see exactly what was written, refuses lone
 * surrogates (as serde_json does), bounds nesting, and returns objects as entry lists so no name
 * ever becomes a property key.
 */
import * as E from 'fp-ts/lib/Either.js'

/** A parsed JSON value; objects keep their entries in source order. */
export type Json =
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Json])[] }
  | { readonly kind: 'array'; readonly items: readonly Json[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'literal'; readonly value: boolean | null }

/** Why a text is not acceptable JSON. */
export type JsonFailure =
  | { readonly kind: 'syntax'; readonly at: number; readonly reason: string }
  | { readonly kind: 'duplicate'; readonly key: string; readonly path: readonly string[] }

// Objects with fewer entries are checked for duplicate keys by a scan, larger ones with a Set.
const SCAN_LIMIT = 8

/** Deeper nesting than any header needs is refused rather than risking the call stack. */
export const MAX_DEPTH = 32

// Thrown inside the parser only and caught in parseJson; anything else propagates.
class Stop {
  constructor(readonly failure: JsonFailure) {}
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
const hexValue = (c: number): number =>
  isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Parses `text` as one JSON value (surrounding JSON whitespace allowed). */
export function parseJson(text: string, maxDepth = MAX_DEPTH): E.Either<JsonFailure, Json> {
  let i = 0
  const path: string[] = []
  const fail = (reason: string, at = i): never => {
    throw new Stop({ kind: 'syntax', at, reason })
  }
  const skipSpace = (): void => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
  }
  const expectWord = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length
    else fail(`unexpected ${describe(i)}`)
  }
  const describe = (at: number): string => (at >= text.length ? 'end of header' : `character ${JSON.stringify(text[at])}`)

  const hex4 = (): number => {
    let v = 0
    for (let k = 0; k < 4; k++) {
      const h = hexValue(text.charCodeAt(i + k))
      if (h < 0) fail('invalid \\u escape', i - 2)
      v = v * 16 + h
    }
    i += 4
    return v
  }

  const string = (): string => {
    i++ // opening quote
    let start = i
    let out = ''
    for (;;) {
      if (i >= text.length) fail('unterminated string')
      const c = text.charCodeAt(i)
      if (c === 0x22) break
      if (c < 0x20) fail('control character in string')
      if (c !== 0x5c) {
        i++
        continue
      }
      out += text.slice(start, i)
      const e = text[i + 1]
      i += 2
      if (e === 'u') {
        const u = hex4()
        if (u >= 0xdc00 && u <= 0xdfff) fail('lone low surrogate in \\u escape', i - 6)
        if (u >= 0xd800 && u <= 0xdbff) {
          if (text.charCodeAt(i) !== 0x5c || text[i + 1] !== 'u') fail('lone high surrogate in \\u escape', i - 6)
          i += 2
          const low = hex4()
          if (low < 0xdc00 || low > 0xdfff) fail('lone high surrogate in \\u escape', i - 12)
          out += String.fromCharCode(u, low)
        } else out += String.fromCharCode(u)
      } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) out += ESCAPES[e]
      else fail('invalid escape', i - 2)
      start = i
    }
    out += text.slice(start, i)
    i++ // closing quote
    return out
  }

  const number = (): Json => {
    const start = i
    if (text.charCodeAt(i) === 0x2d) i++
    if (text.charCodeAt(i) === 0x30) i++
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++
    else fail('invalid number', start)
    if (text.charCodeAt(i) === 0x2e) {
      i++
      if (!isDigit(text.charCodeAt(i))) fail('invalid number', start)
      while (isDigit(text.charCodeAt(i))) i++
    }
    if (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45) {
      i++
      if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++
      if (!isDigit(text.charCodeAt(i))) fail('invalid number', start)
      while (isDigit(text.charCodeAt(i))) i++
    }
    return { kind: 'number', text: text.slice(start, i) }
  }

  const value = (depth: number): Json => {
    skipSpace()
    const c = text.charCodeAt(i)
    if (c === 0x7b || c === 0x5b) {
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`)
      return c === 0x7b ? object(depth + 1) : array(depth + 1)
    }
    if (c === 0x22) return { kind: 'string', value: string() }
    if (c === 0x2d || isDigit(c)) return number()
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : fail(`unexpected ${describe(i)}`)
    expectWord(word)
    return { kind: 'literal', value: word === 'null' ? null : word === 'true' }
  }

  const object = (depth: number): Json => {
    i++
    const entries: [string, Json][] = []
    let seen: Set<string> | undefined // built only once an object is large; small ones are scanned
    skipSpace()
    if (text.charCodeAt(i) === 0x7d) {
      i++
      return { kind: 'object', entries }
    }
    for (;;) {
      skipSpace()
      if (text.charCodeAt(i) !== 0x22) fail(`expected a key, got ${describe(i)}`)
      const key = string()
      if (entries.length >= SCAN_LIMIT) seen ??= new Set(entries.map(([k]) => k))
      if (seen === undefined ? entries.some(([k]) => k === key) : seen.has(key)) throw new Stop({ kind: 'duplicate', key, path: path.slice() })
      seen?.add(key)
      skipSpace()
      if (text.charCodeAt(i) !== 0x3a) fail(`expected ':', got ${describe(i)}`)
      i++
      path.push(key)
      entries.push([key, value(depth)])
      path.pop()
      skipSpace()
      const c = text.charCodeAt(i)
      i++
      if (c === 0x7d) return { kind: 'object', entries }
      if (c !== 0x2c) fail(`expected ',' or '}', got ${describe(i - 1)}`, i - 1)
    }
  }

  const array = (depth: number): Json => {
    i++
    const items: Json[] = []
    skipSpace()
    if (text.charCodeAt(i) === 0x5d) {
      i++
      return { kind: 'array', items }
    }
    for (;;) {
      items.push(value(depth))
      skipSpace()
      const c = text.charCodeAt(i)
      i++
      if (c === 0x5d) return { kind: 'array', items }
      if (c !== 0x2c) fail(`expected ',' or ']', got ${describe(i - 1)}`, i - 1)
    }
  }

  try {
    const v = value(0)
    skipSpace()
    if (i < text.length) fail(`unexpected ${describe(i)} after the value`)
    return E.right(v)
  } catch (e) {
    if (e instanceof Stop) return E.left(e.failure)
    throw e
  }
}

/** The JSON kind of a value, for messages: `object`, `array`, `string`, `number`, `true`, … */
export const kindOf = (v: Json): string => (v.kind === 'literal' ? String(v.value) : v.kind)
