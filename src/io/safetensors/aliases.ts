/**
 * Tied tensors. A state dict lists a tied tensor under every name (a shared embedding, say), but a
 * file should hold its bytes once. The writer stores each distinct Tensor object once, under its
 * first name in the dict, and records the other names in one metadata entry, `immutorch.aliases`,
 * whose value is a JSON object `{ "alias": "stored name", … }` in dict order. Readers that do not
 * know the entry still load every stored tensor; this reader gives each alias the very same Tensor
 * object as its target, so the tie survives the round trip.
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeError, type DecodeError } from './errors.js'
import { kindOf, parseJson } from './json.js'
import { isAllowedName } from './names.js'

/** The metadata key that holds the alias table. */
export const ALIASES_KEY = 'immutorch.aliases'

/** The metadata value for an alias table (JSON text, entries in the given order). */
export const aliasesText = (aliases: readonly (readonly [string, string])[]): string =>
  `{${aliases.map(([a, t]) => `${JSON.stringify(a)}:${JSON.stringify(t)}`).join(',')}}`

/**
 * Reads and checks the alias table: a JSON object of strings, each alias an allowed name that is
 * not itself stored, each target a stored tensor name.
 */
export function readAliases(text: string, stored: ReadonlySet<string>): E.Either<DecodeError, readonly (readonly [string, string])[]> {
  const parsed = parseJson(text, 1)
  if (E.isLeft(parsed)) {
    const f = parsed.left
    return E.left(decodeError({ _tag: 'AliasesMalformed', reason: f.kind === 'duplicate' ? `duplicate alias ${JSON.stringify(f.key)}` : `${f.reason} at character ${f.at}` }))
  }
  const v = parsed.right
  if (v.kind !== 'object') return E.left(decodeError({ _tag: 'AliasesMalformed', reason: `expected an object of strings, got ${kindOf(v)}` }))
  const out: [string, string][] = []
  for (const [alias, t] of v.entries) {
    if (t.kind !== 'string') return E.left(decodeError({ _tag: 'AliasesMalformed', reason: `alias ${JSON.stringify(alias)} maps to ${kindOf(t)}, not a name` }))
    if (!isAllowedName(alias)) return E.left(decodeError({ _tag: 'ForbiddenName', name: alias }))
    if (stored.has(alias)) return E.left(decodeError({ _tag: 'AliasCollision', alias }))
    if (!stored.has(t.value)) return E.left(decodeError({ _tag: 'AliasTargetMissing', alias, target: t.value }))
    out.push([alias, t.value])
  }
  return E.right(out)
}
