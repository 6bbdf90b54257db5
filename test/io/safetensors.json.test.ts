/**
 * The strict JSON parser of safetensors headers, by example: what it accepts agrees with
 * `JSON.parse` (strings, escapes, numbers, literals, whitespace, nesting), and each refusal is the
 * exact failure (reason and the character it points at, located here by hand in the text), with
 * the sweeps around \u escapes and surrogates checked code by code against `JSON.parse`.
 */
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { kindOf, MAX_DEPTH, parseJson, type Json, type JsonFailure } from '../../src/io/safetensors/json.js'

/** A parsed value as the plain JavaScript value `JSON.parse` gives for it. */
function plain(v: Json): unknown {
  switch (v.kind) {
    case 'object': return Object.fromEntries(v.entries.map(([k, x]) => [k, plain(x)]))
    case 'array': return v.items.map(plain)
    case 'string': return v.value
    case 'number': return Number(v.text)
    case 'literal': return v.value
  }
}

const parsed = (text: string, maxDepth?: number): Json => {
  const r = parseJson(text, maxDepth)
  if (E.isLeft(r)) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${JSON.stringify(r.left)}`)
  return r.right
}

const failure = (text: string, maxDepth?: number): JsonFailure => {
  const r = parseJson(text, maxDepth)
  if (E.isRight(r)) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(r.right)}`)
  return r.left
}

const syntax = (reason: string, at: number): JsonFailure => ({ kind: 'syntax', at, reason })

/** Accepted with the value JSON.parse gives. */
const agrees = (text: string): void => {
  expect(plain(parsed(text)), text).toEqual(JSON.parse(text))
}

/** Whether a string has no unpaired surrogate: iterating by code point leaves none in the surrogate range. */
const wellFormed = (s: string): boolean => [...s].every((ch) => {
  const c = ch.codePointAt(0)!
  return c < 0xd800 || c > 0xdfff
})

const hex4 = (u: number): string => u.toString(16).padStart(4, '0')

describe('values JSON.parse accepts', () => {
  it.each([
    '{}', '[]', '""', '"abc"', 'true', 'false', 'null', '0', '[true,false,null]',
    '{"a":1,"b":[1,2,{"c":null}],"d":{"e":"f"}}', ' \t\r\n{ "a" : [ 1 , 2 ] , "b" : { } }\n\r\t ', '[ ]', '{ }', '[[[]]]',
    '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"a\\u0041\\u00e9\\u20AC\\ud835\\udc65b"', '"\u007f\u00e9\u{1f600}"',
  ])('%s', (text) => agrees(text))

  it('keeps object entries in source order, and names as entries rather than property keys', () => {
    expect(parsed('{"b":1,"a":2,"__proto__":3}')).toEqual({
      kind: 'object',
      entries: [['b', { kind: 'number', text: '1' }], ['a', { kind: 'number', text: '2' }], ['__proto__', { kind: 'number', text: '3' }]],
    })
  })

  it('literals are true, false and null', () => {
    expect(parsed('true')).toEqual({ kind: 'literal', value: true })
    expect(parsed('false')).toEqual({ kind: 'literal', value: false })
    expect(parsed('null')).toEqual({ kind: 'literal', value: null })
    expect(parsed('[false,true,null]')).toEqual({ kind: 'array', items: [{ kind: 'literal', value: false }, { kind: 'literal', value: true }, { kind: 'literal', value: null }] })
  })

  it.each(['0', '-0', '7', '-12', '1.5', '0.25', '-0.0', '1e5', '1E5', '1e+5', '1E-5', '-0.0e-0', '2.5E+10', '12345678901234567890123', '9.999e99'])(
    'number %s keeps its source text', (text) => {
      const v = parsed(text)
      expect(v).toEqual({ kind: 'number', text })
      expect(Object.is(Number((v as { text: string }).text), JSON.parse(text))).toBe(true)
      expect(parsed(`[${text}]`)).toEqual({ kind: 'array', items: [{ kind: 'number', text }] })
    })

  it('every one-character escape, alone and among text', () => {
    for (const [esc, ch] of [['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']]) {
      expect(parsed(`"\\${esc}"`), esc).toEqual({ kind: 'string', value: ch })
      expect(parsed(`"x\\${esc}y"`), esc).toEqual({ kind: 'string', value: `x${ch}y` })
    }
  })

  it('JSON whitespace (space, tab, LF, CR) around every token', () => {
    const ws = ' \t\n\r'
    agrees(`${ws}{${ws}"a"${ws}:${ws}[${ws}1${ws},${ws}"s"${ws}]${ws},${ws}"b"${ws}:${ws}null${ws}}${ws}`)
  })

  it('kindOf names the kind, and the literal itself', () => {
    expect(['{}', '[]', '""', '1', 'true', 'false', 'null'].map((t) => kindOf(parsed(t)))).toEqual(['object', 'array', 'string', 'number', 'true', 'false', 'null'])
  })
})

describe('\\u escapes and surrogates, code by code against JSON.parse', () => {
  it('each character as a hex digit: accepted exactly when JSON.parse accepts it, with its value', () => {
    for (let c = 0x20; c < 0x7f; c++) {
      if (c === 0x22 || c === 0x5c) continue
      for (const text of [`"\\u${String.fromCharCode(c)}041"`, `"\\u004${String.fromCharCode(c)}"`]) {
        let want: unknown
        try {
          want = JSON.parse(text)
        } catch {
          expect(failure(text), text).toEqual(syntax('invalid \\u escape', 1))
          continue
        }
        expect(parsed(text), text).toEqual({ kind: 'string', value: want })
      }
    }
  })

  it('hex digits of either case', () => {
    for (const text of ['"\\u00c9\\u00C9"', '"\\uabcd\\uABCD"', '"\\uFfFf\\ufFfF"', '"\\u09af\\u09AF"', '"\\uA0F0"']) agrees(text)
  })

  it('code units around the surrogate ranges: accepted exactly when well formed', () => {
    const units = [0, 0x41, 0x7f, 0xd7ff, 0xd800, 0xd801, 0xdbfe, 0xdbff, 0xdc00, 0xdc01, 0xdffe, 0xdfff, 0xe000, 0xfffe, 0xffff]
    for (const a of units) {
      for (const b of [...units, -1]) {
        for (const upper of [false, true]) {
          const h = (u: number) => (upper ? hex4(u).toUpperCase() : hex4(u))
          const text = b < 0 ? `"\\u${h(a)}"` : `"\\u${h(a)}\\u${h(b)}"`
          const want = JSON.parse(text) as string
          if (wellFormed(want)) expect(parsed(text), text).toEqual({ kind: 'string', value: want })
          else expect(failure(text), text).toMatchObject({ kind: 'syntax', reason: expect.stringMatching(/^lone (high|low) surrogate in \\u escape$/) })
        }
      }
    }
  })

  it('a lone low surrogate points at its escape', () => {
    expect(failure('"\\udc00"')).toEqual(syntax('lone low surrogate in \\u escape', 1))
    expect(failure('"ab\\udfff"')).toEqual(syntax('lone low surrogate in \\u escape', 3))
    expect(failure('"\\ud800\\ud800\\udc00"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
  })

  it('a high surrogate with no \\u escape after it points at the high one', () => {
    expect(failure('"\\ud800"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
    expect(failure('"ab\\udbff"')).toEqual(syntax('lone high surrogate in \\u escape', 3))
    expect(failure('"\\ud800\\n"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
    expect(failure('"\\ud800\\nab"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
    expect(failure('"\\ud800\\ndc00"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
    expect(failure('"\\ud800xudc00"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
    expect(failure('"\\ud800')).toEqual(syntax('lone high surrogate in \\u escape', 1))
  })

  it('a high surrogate followed by a \\u escape that is not a low one points at the high one', () => {
    expect(failure('"ab\\ud800\\u0041"')).toEqual(syntax('lone high surrogate in \\u escape', 3))
    expect(failure('"\\ud800\\ue000"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
    expect(failure('"\\udbff\\udbff"')).toEqual(syntax('lone high surrogate in \\u escape', 1))
  })

  it('a bad hex digit points at the backslash of its escape, the second escape of a pair included', () => {
    expect(failure('"\\u00g0"')).toEqual(syntax('invalid \\u escape', 1))
    expect(failure('"abc\\u12"')).toEqual(syntax('invalid \\u escape', 4))
    expect(failure('"\\u')).toEqual(syntax('invalid \\u escape', 1))
    expect(failure('"\\ud800\\udcxx"')).toEqual(syntax('invalid \\u escape', 7))
  })
})

describe('strings that are refused', () => {
  it('an escape JSON does not have points at its backslash', () => {
    for (const e of ['x', 'U', "'", 'a', '0', 'v', ' ']) expect(failure(`"ab\\${e}"`), e).toEqual(syntax('invalid escape', 3))
  })

  it('a backslash at the very end', () => {
    expect(failure('"ab\\')).toEqual(syntax('invalid escape', 3))
  })

  it('an unterminated string points at the end of the text', () => {
    expect(failure('"abc')).toEqual(syntax('unterminated string', 4))
    expect(failure('"')).toEqual(syntax('unterminated string', 1))
    expect(failure('["a\\n')).toEqual(syntax('unterminated string', 5))
  })

  it('raw control characters U+0000–U+001F are refused, U+0020 and U+007F are not', () => {
    for (let c = 0; c < 0x20; c++) expect(failure(`"ab${String.fromCharCode(c)}"`), `${c}`).toEqual(syntax('control character in string', 3))
    agrees('"a b"')
    agrees('"a\u007fb"')
  })
})

describe('numbers that are refused', () => {
  it.each([
    ['-', 'invalid number', 0], ['-a', 'invalid number', 0], ['[1,-]', 'invalid number', 3], ['1.', 'invalid number', 0],
    ['1.e5', 'invalid number', 0], ['-1.x', 'invalid number', 0], ['1e', 'invalid number', 0], ['1E', 'invalid number', 0],
    ['1e+', 'invalid number', 0], ['1e-', 'invalid number', 0], ['[2.5e-x]', 'invalid number', 1], ['1E+-2', 'invalid number', 0],
  ] as const)('%s', (text, reason, at) => {
    expect(failure(text)).toEqual(syntax(reason, at))
  })

  it('a leading zero ends the number: what follows is out of place', () => {
    expect(failure('01')).toEqual(syntax('unexpected character "1" after the value', 1))
    expect(failure('-01')).toEqual(syntax('unexpected character "1" after the value', 2))
    expect(failure('[00]')).toEqual(syntax(`expected ',' or ']', got character "0"`, 2))
  })

  it('signs and points JSON does not allow', () => {
    expect(failure('+1')).toEqual(syntax('unexpected character "+"', 0))
    expect(failure('.5')).toEqual(syntax('unexpected character "."', 0))
    expect(failure('[1 .5]')).toEqual(syntax(`expected ',' or ']', got character "."`, 3))
  })
})

describe('structure that is refused', () => {
  it('empty text and text with only whitespace', () => {
    expect(failure('')).toEqual(syntax('unexpected end of header', 0))
    expect(failure(' \n ')).toEqual(syntax('unexpected end of header', 3))
  })

  it('words that are not true, false or null point at their first character', () => {
    expect(failure('tru')).toEqual(syntax('unexpected character "t"', 0))
    expect(failure('[nul]')).toEqual(syntax('unexpected character "n"', 1))
    expect(failure('fals')).toEqual(syntax('unexpected character "f"', 0))
    expect(failure('True')).toEqual(syntax('unexpected character "T"', 0))
    expect(failure('{"a":x}')).toEqual(syntax('unexpected character "x"', 5))
    expect(failure('[NaN]')).toEqual(syntax('unexpected character "N"', 1))
    expect(failure('truex')).toEqual(syntax('unexpected character "x" after the value', 4))
  })

  it('objects: a key that is not a string, a missing colon, a missing separator', () => {
    expect(failure('{1:2}')).toEqual(syntax('expected a key, got character "1"', 1))
    expect(failure("{'a':1}")).toEqual(syntax(`expected a key, got character "'"`, 1))
    expect(failure('{"a":1,}')).toEqual(syntax('expected a key, got character "}"', 7))
    expect(failure('{')).toEqual(syntax('expected a key, got end of header', 1))
    expect(failure('{"a" 1}')).toEqual(syntax(`expected ':', got character "1"`, 5))
    expect(failure('{"a"')).toEqual(syntax(`expected ':', got end of header`, 4))
    expect(failure('{"a":1]')).toEqual(syntax(`expected ',' or '}', got character "]"`, 6))
    expect(failure('{"a":1 "b":2}')).toEqual(syntax(`expected ',' or '}', got character "\\""`, 7))
    expect(failure('{"a":1')).toEqual(syntax(`expected ',' or '}', got end of header`, 6))
  })

  it('arrays: a missing separator, a trailing comma, no end', () => {
    expect(failure('[1 2]')).toEqual(syntax(`expected ',' or ']', got character "2"`, 3))
    expect(failure('[1}')).toEqual(syntax(`expected ',' or ']', got character "}"`, 2))
    expect(failure('[1,]')).toEqual(syntax('unexpected character "]"', 3))
    expect(failure('[')).toEqual(syntax('unexpected end of header', 1))
    expect(failure('[1')).toEqual(syntax(`expected ',' or ']', got end of header`, 2))
  })

  it('anything after the value, whitespace aside', () => {
    expect(failure('{} x')).toEqual(syntax('unexpected character "x" after the value', 3))
    expect(failure('1 2')).toEqual(syntax('unexpected character "2" after the value', 2))
    expect(failure('{}\u0000')).toEqual(syntax('unexpected character "\\u0000" after the value', 2))
  })

  it('whitespace JSON does not have: NBSP, vertical tab, a byte-order mark', () => {
    expect(failure('\u00a0{}')).toEqual(syntax('unexpected character "\u00a0"', 0))
    expect(failure('{}\u000b')).toEqual(syntax('unexpected character "\\u000b" after the value', 2))
    expect(failure('\ufeff{}')).toEqual(syntax('unexpected character "\ufeff"', 0))
  })
})

describe('nesting', () => {
  const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`
  const objects = (n: number) => `${'{"a":'.repeat(n - 1)}{}${'}'.repeat(n - 1)}`

  it(`up to ${MAX_DEPTH} levels of arrays by default, and not one more`, () => {
    expect(MAX_DEPTH).toBe(32)
    agrees(arrays(32))
    expect(failure(arrays(33))).toEqual(syntax('nesting deeper than 32 levels', 32))
  })

  it('the same for objects, and for a mix', () => {
    agrees(objects(32))
    expect(failure(objects(33))).toEqual(syntax('nesting deeper than 32 levels', 5 * 32))
    const mixed = `${'[{"a":'.repeat(16)}1${'}]'.repeat(16)}`
    agrees(mixed)
    // The 33rd container is the `{` of the 16th `[{"a":`, after the added `[` and 15 whole ones.
    expect(failure(`[${mixed}]`)).toEqual(syntax('nesting deeper than 32 levels', 1 + 6 * 15 + 1))
  })

  it('a given bound: 0 allows scalars only, 1 a flat container', () => {
    expect(parsed('"s"', 0)).toEqual({ kind: 'string', value: 's' })
    expect(failure('[]', 0)).toEqual(syntax('nesting deeper than 0 levels', 0))
    expect(failure(' {}', 0)).toEqual(syntax('nesting deeper than 0 levels', 1))
    expect(plain(parsed('{"a":"b","c":1}', 1))).toEqual({ a: 'b', c: 1 })
    expect(failure('{"a":{}}', 1)).toEqual(syntax('nesting deeper than 1 levels', 5))
    expect(failure('[1,[2]]', 1)).toEqual(syntax('nesting deeper than 1 levels', 3))
  })

  it('a refusal, not a stack overflow, however deep the text goes', () => {
    expect(failure(`{"a":${objects(50_000)}}`)).toEqual(syntax('nesting deeper than 32 levels', 5 * 32))
  })

  it('an error that is not a refusal (here the stack overflowing under no bound) is thrown, not returned', () => {
    expect(() => parseJson(arrays(1_000_000), Infinity)).toThrow(RangeError)
  })
})

describe('duplicate keys', () => {
  it('at the top level, with an empty path', () => {
    expect(failure('{"a":1,"a":2}')).toEqual({ kind: 'duplicate', key: 'a', path: [] })
    expect(failure('{"a":1,"b":2,"a":3}')).toEqual({ kind: 'duplicate', key: 'a', path: [] })
  })

  it('nested: the path names the enclosing objects (arrays add nothing)', () => {
    expect(failure('{"x":{"y":{"k":1,"k":2}}}')).toEqual({ kind: 'duplicate', key: 'k', path: ['x', 'y'] })
    expect(failure('{"x":[{"k":1,"k":1}]}')).toEqual({ kind: 'duplicate', key: 'k', path: ['x'] })
    expect(failure('{"a":{"b":1},"c":{"d":1,"d":2}}')).toEqual({ kind: 'duplicate', key: 'd', path: ['c'] })
    expect(failure('[{"k":1,"k":2}]')).toEqual({ kind: 'duplicate', key: 'k', path: [] })
  })

  it('the same key in different objects is not a duplicate', () => {
    agrees('{"a":{"a":1},"b":{"a":2},"c":[{"a":3},{"a":4}]}')
  })

  it('found in large objects too, wherever the two copies sit', () => {
    const keys = Array.from({ length: 20 }, (_, k) => `k${k}`)
    const obj = (ks: readonly string[]) => `{${ks.map((k, n) => `"${k}":${n}`).join(',')}}`
    agrees(obj(keys))
    for (let n = 1; n <= keys.length; n++) {
      for (const d of [0, n - 1, Math.floor((n - 1) / 2)]) {
        const text = obj([...keys.slice(0, n), keys[d]])
        expect(failure(text), `${n} keys, then k${d} again`).toEqual({ kind: 'duplicate', key: keys[d], path: [] })
      }
    }
  })

  it('keys that differ only by an escape are the same key once decoded', () => {
    expect(failure('{"ab":1,"a\\u0062":2}')).toEqual({ kind: 'duplicate', key: 'ab', path: [] })
  })
})
