import { describe, it } from 'vitest'
import fc from 'fast-check'
import * as N from 'fp-ts/lib/number.js'
import type { Tree, TreeNodeProtocol } from '../src/tree/index.js'
import { Foldable, Functor, Traversable, getEq, treeNode } from '../src/tree/index.js'
import { Box, anyTreeArb, intTreeArb, mixedLeafArb, tiedTreeArb, treeArb } from './arbitraries/tree.js'
import { checkAt, checkFoldable, checkFunctor, checkMapIdentity, checkPaths, checkRoundTrip, checkTies, checkTraversable } from './tree.js'

const eqInt = getEq(N.Eq)

// A second node kind, as a user would bring one: a plain object carrying the protocol itself.
interface Pair { readonly [treeNode]: TreeNodeProtocol<Pair>; readonly left: unknown; readonly right: unknown }
const pairProtocol: TreeNodeProtocol<Pair> = {
  entries: (p) => [['right', p.right], ['left', p.left]],
  rebuild: (_p, [right, left]) => pair(left, right),
}
const pair = (left: unknown, right: unknown): Pair => ({ [treeNode]: pairProtocol, left, right })
const pairNode = (child: fc.Arbitrary<Tree<unknown>>) => fc.tuple(child, child).map(([l, r]) => pair(l, r))
const pairTreeArb = treeArb<unknown>(mixedLeafArb, { node: pairNode })
const tiedPairArb = fc.tuple(treeArb<unknown>(fc.constant(new Box(1)), { node: pairNode }), pairTreeArb).map(([a, b]) => pair(a, b))

describe('tree laws', () => {
  it('flatten/unflatten round trip (mixed leaves)', () => checkRoundTrip(anyTreeArb))
  it('flatten/unflatten round trip (ties)', () => checkRoundTrip(tiedTreeArb))
  it('flatten/unflatten round trip (a user node kind)', () => checkRoundTrip(pairTreeArb))
  it('map identity', () => checkMapIdentity(anyTreeArb))
  it('ties survive every transform', () => checkTies(tiedTreeArb))
  it('ties survive every transform (a user node kind)', () => checkTies(tiedPairArb))
  it('paths unique and agree with get', () => checkPaths(anyTreeArb))
  it('at changes only its target and shares the rest', () => checkAt(tiedTreeArb))
  it('at on mixed trees', () => checkAt(anyTreeArb))
  it('at through a user node kind', () => checkAt(pairTreeArb))
  it('Functor (and map composition)', () => checkFunctor(Functor, intTreeArb, eqInt))
  it('Foldable consistent with leaves', () => checkFoldable(Foldable, anyTreeArb))
  it('Foldable of Traversable consistent with leaves', () => checkFoldable(Traversable, tiedTreeArb))
  it('Traversable (identity, naturality, composition)', () => checkTraversable(Traversable, intTreeArb, eqInt))
})
