/** Equivalent mutants of the `tree` target (src/tree). */
import { inFile, type Entry, type Equivalent } from './kinds.js'

const NO_PATHS = 'Also computes the leaf paths, which this caller does not read: only slower.'
const WITH_PATHS: Entry = ['BooleanLiteral', 'false', 'true', 'equivalent', NO_PATHS, 'flattenWith(']
const FILLED = 'Every index of the array is assigned before it is read, so its preallocated length changes nothing.'

/** Trees: fast paths, shortcuts, and positions that defs made by flatten never present. */
export const tree: readonly Equivalent[] = [
  ...inFile('src/tree/at.ts', [
    ['ConditionalExpression', "c.tag !== 'record' && c.tag !== 'array'", 'false', 'unreachable', 'Every path in the edit trie was followed (follow, or the def\'s own positions) through the same children before apply runs, so apply never meets a leaf on the way.'],
    ['StringLiteral', '`${WHERE}: cannot descend into ${describe(x)}`', '``', 'unreachable', 'The message of the check above, which no input reaches.'],
    ['ConditionalExpression', "typeof where !== 'function'", 'false', 'equivalent', 'Builds the identity index for a path selection too, which then never reads it.'],
    ['ConditionalExpression', 'isObjectLeaf(x)', 'true', 'equivalent', 'Indexes primitive positions too; byIdentity looks up objects only.'],
    WITH_PATHS,
    ['ConditionalExpression', "isObjectLeaf(o) && classify(o).tag === 'leaf'", 'true', 'equivalent', 'Computes aliases even when no selected old value is an object leaf; only selected object leaves get any, so there are none.'],
    ['LogicalOperator', "isObjectLeaf(o) && classify(o).tag === 'leaf'", "isObjectLeaf(o) || classify(o).tag === 'leaf'", 'equivalent', 'Computes aliases even when no selected old value is an object leaf; only selected object leaves get any, so there are none.'],
    ['ConditionalExpression', "classify(o).tag === 'leaf'", 'true', 'equivalent', 'Computes aliases when a container is selected; leaves are never containers, so none are found for it.'],
    ['ArrowFunction', '() => null', '() => undefined', 'equivalent', 'The fold that collects aliases ignores what it returns.'],
  ]),
  ...inFile('src/tree/flatten.ts', [
    ['ConditionalExpression', 'withPaths', 'true', 'equivalent', NO_PATHS],
    ['ConditionalExpression', 'default: break', 'default:', 'equivalent', 'The last clause of the switch: nothing follows to fall into.'],
    WITH_PATHS,
  ]),
  ...inFile('src/tree/filter.ts', [
    WITH_PATHS,
    ['MethodExpression', 'main.leaves.slice()', 'main.leaves', 'equivalent', 'main.leaves is a fresh array of this call; filling it in place instead of a copy changes nothing.'],
  ]),
  ...inFile('src/tree/instances.ts', [WITH_PATHS, ['ArrayDeclaration', 'new Array<B>(reps.length)', 'new Array()', 'equivalent', FILLED]]),
  ...inFile('src/tree/map.ts', [WITH_PATHS, ['ArrayDeclaration', 'new Array<B>(primary.length)', 'new Array()', 'equivalent', FILLED]]),
  ...inFile('src/tree/reduce.ts', [WITH_PATHS]),
  ...inFile('src/tree/keys.ts', [
    ['ConditionalExpression', 'c >= 48 && c <= 57', 'true', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
    ['LogicalOperator', 'c >= 48 && c <= 57', 'c >= 48 || c <= 57', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
    ['ConditionalExpression', 'c >= 48', 'true', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
    ['ConditionalExpression', 'c <= 57', 'true', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
  ]),
  ...inFile('src/tree/node.ts', [
    ['ConditionalExpression', "typeof x !== 'object' && typeof x !== 'function'", 'false', 'equivalent', 'A primitive then reaches the prototype test, and a number, string, boolean, bigint or symbol is a leaf there too.'],
  ]),
  ...inFile('src/tree/treedef.ts', [
    ['ConditionalExpression', "e.tag === 'record' || e.tag === 'node'", 'true', 'equivalent', 'arity is only asked of containers.'],
    ['ConditionalExpression', 'a === b', 'false', 'equivalent', 'An identity shortcut: the full comparison gives the same answer for identical arguments.'],
    ['ConditionalExpression', "case 'leaf': return b.tag === 'leaf'", "case 'leaf':", 'equivalent', 'Leaf positions from flatten are one shared entry, caught by `a === b`; this case only sees a b that is not a leaf, and the fall-through test is false for it too.'],
    ['StringLiteral', "'leaf'", '""', 'equivalent', 'Leaf positions from flatten are one shared entry, caught by `a === b`, so this case only sees a b that is not a leaf: no match, or a false test, means unequal either way.'],
    ['ConditionalExpression', "b.tag === 'leaf'", 'false', 'equivalent', 'Leaf positions from flatten are one shared entry, caught by `a === b`, so here b is never a leaf.'],
    ['ConditionalExpression', "case 'none': return b.tag === 'none' && a.value === b.value", "case 'none':", 'equivalent', 'The two empty positions are shared entries caught by `a === b`; what reaches this case differs from a, and the array test it falls into is false for it too.'],
    ['StringLiteral', "'none'", '""', 'equivalent', 'The two empty positions are shared entries caught by `a === b`; what reaches this case differs from a, so unequal either way.'],
    ['ConditionalExpression', "b.tag === 'none' && a.value === b.value", 'false', 'equivalent', 'The two empty positions are shared entries caught by `a === b`; an empty b that reaches here holds the other value.'],
    ['ConditionalExpression', "b.tag === 'array'", 'true', 'equivalent', 'Only an array position has an arity to match.'],
    ['ConditionalExpression', "b.tag === 'node'", 'true', 'equivalent', 'A position that is not a node has no protocol, so the protocol test fails anyway.'],
    ['ConditionalExpression', 'a.template === b.template', 'false', 'equivalent', 'An identity shortcut before sameKind, which holds for a node and itself (it is an equivalence).'],
    ['MethodExpression', 'Math.min(a.entries.length, b.entries.length)', 'Math.max(a.entries.length, b.entries.length)', 'unreachable', 'Defs made by flatten record every arity, so two that agree on every position of the shorter one have the same length; a difference is always found before either ends.'],
    ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', 'Reached only when both defs have length n: both entries are then undefined, equal by identity.'],
    ['ConditionalExpression', 'a.entries.length === b.entries.length', 'true', 'unreachable', 'Defs that agree on every position of the shorter one have the same length (see Math.min above).'],
    ['StringLiteral', "''", '"Stryker was here!"', 'equivalent', 'Overwritten at the first position before it is read.', 'let path'],
    ['ConditionalExpression', 'i < def.entries.length', 'true', 'equivalent', 'pathAt is only asked for a position inside the def.'],
    ['EqualityOperator', 'i < def.entries.length', 'i <= def.entries.length', 'equivalent', 'pathAt is only asked for a position inside the def.'],
    ['ConditionalExpression', "e.tag === 'array' || e.tag === 'record' || e.tag === 'node'", 'true', 'equivalent', 'A leaf or empty position pushed on the stack has arity 0 and is popped before the next position.'],
    ['ConditionalExpression', 'e === undefined', 'false', 'unreachable', 'Only positions inside both defs are described (see Math.min above).'],
    ['StringLiteral', "'nothing'", '""', 'unreachable', 'Only positions inside both defs are described (see Math.min above).'],
    ['LogicalOperator', "a?.tag === 'node' && b?.tag === 'node'", "a?.tag === 'node' || b?.tag === 'node'", 'equivalent', 'A position that is not a node has no protocol, so the protocol test that follows fails anyway.'],
    ['ConditionalExpression', "a?.tag === 'node'", 'true', 'equivalent', 'A position that is not a node has no protocol, so the protocol test that follows fails anyway.'],
    ['ConditionalExpression', "b?.tag === 'node'", 'true', 'equivalent', 'A position that is not a node has no protocol, so the protocol test that follows fails anyway.'],
    ['OptionalChaining', 'a?.tag', 'a.tag', 'unreachable', 'Both positions exist here (see Math.min above).'],
    ['OptionalChaining', 'b?.tag', 'b.tag', 'unreachable', 'Both positions exist here (see Math.min above).'],
  ]),
]
