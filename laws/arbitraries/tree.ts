/**
 * Generators for tree laws: random nestings of records (some with a null prototype, some with
 * integer-like keys that the engine reorders), arrays, `null`/`undefined` subtrees, a small tree
 * node kind (`Labelled`) and leaves of several kinds, including object leaves shared between
 * positions (ties).
 */
import fc from 'fast-check'
import type { Tree, TreeNodeProtocol } from '../../src/tree/index.js'
import { treeNode } from '../../src/tree/index.js'

/**
 * A tree node kind for laws and examples: a label (static data, part of its kind) and named
 * children kept in the order given, which need not be the engine's key order ("10" before "2").
 */
export class Labelled {
  constructor(
    readonly label: string,
    readonly names: readonly string[],
    readonly kids: readonly unknown[],
  ) {
    if (names.length !== kids.length) throw new RangeError(`Labelled: ${names.length} names for ${kids.length} children`)
    Object.freeze(this)
  }

  /** The tree protocol, shared by every Labelled through the prototype. */
  get [treeNode](): TreeNodeProtocol<Labelled> {
    return labelledProtocol
  }
}

const labelledProtocol: TreeNodeProtocol<Labelled> = {
  entries: (n) => n.names.map((k, i) => [k, n.kids[i]] as const),
  rebuild: (n, children) => new Labelled(n.label, n.names, children),
  sameKind: (a, b) => a.label === b.label,
}

/** An object leaf: a class instance, so trees never look inside it; ties are made of these. */
export class Box {
  constructor(readonly value: number) {}
}

/** Record keys: words, integer-like names (which the engine enumerates first, ascending) and near misses. */
export const keyArb: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'weight', 'bias', 'layers', '0', '1', '2', '10', '07', '-1', 'x1')

/** Options for `treeArb`. */
export interface TreeArbOptions<A> {
  /** Upper bound on children per container. */
  readonly maxChildren?: number
  /**
   * Tree nodes to mix in, built from an arbitrary of child subtrees: `Labelled` by default, a
   * user's own node kind to check it against the laws, or `false` for records and arrays only.
   */
  readonly node?: false | ((child: fc.Arbitrary<Tree<A>>) => fc.Arbitrary<unknown>)
}

/** `Labelled` nodes over `child` subtrees, with distinct names that need not be in engine order. */
export const labelledArb = <A>(child: fc.Arbitrary<Tree<A>>, maxChildren = 4): fc.Arbitrary<Labelled> =>
  fc
    .tuple(fc.constantFrom('P', 'Q'), fc.uniqueArray(keyArb, { maxLength: maxChildren }), fc.array(child, { maxLength: maxChildren }))
    .map(([label, names, kids]) => new Labelled(label, names.slice(0, kids.length), kids.slice(0, names.length)))

/** Trees whose leaves come from `leaf`, with records, arrays, nodes and empty subtrees. */
export const treeArb = <A>(leaf: fc.Arbitrary<A>, { maxChildren = 4, node }: TreeArbOptions<A> = {}): fc.Arbitrary<Tree<A>> => {
  const makeNode = node ?? ((child: fc.Arbitrary<Tree<A>>) => labelledArb(child, maxChildren))
  const { tree } = fc.letrec<{ tree: Tree<A>; array: Tree<A>[]; record: Record<string, Tree<A>>; node: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'medium', withCrossShrink: true },
      { arbitrary: leaf, weight: 4 },
      { arbitrary: fc.constantFrom(null, undefined), weight: 1 },
      { arbitrary: tie('array'), weight: 2 },
      { arbitrary: tie('record'), weight: 3 },
      { arbitrary: makeNode === false ? tie('record') : (tie('node') as fc.Arbitrary<Tree<A>>), weight: 1 },
    ),
    array: fc.array(tie('tree'), { maxLength: maxChildren }),
    record: fc.dictionary(keyArb, tie('tree'), { maxKeys: maxChildren }),
    node: makeNode === false ? fc.constant(null) : makeNode(tie('tree')),
  }))
  return tree
}

/** Leaves of many kinds: numbers, strings, booleans, typed arrays, functions and Box objects. */
export const mixedLeafArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.integer().map((n) => new Box(n)),
  fc.integer({ min: 0, max: 3 }).map((n) => new Float32Array(n)),
  fc.constant(Math.max),
)

/** Trees of mixed leaves. */
export const anyTreeArb: fc.Arbitrary<unknown> = treeArb(mixedLeafArb)

/** Trees of integers, for the functor, foldable and traversable laws. */
export const intTreeArb: fc.Arbitrary<Tree<number>> = treeArb(fc.integer({ min: -1000, max: 1000 }))

/**
 * Trees with ties: a pool of one to three Box objects, each leaf drawn either from the pool (the
 * same object at several positions) or fresh; the root holds several subtrees so ties are common.
 */
export const tiedTreeArb: fc.Arbitrary<unknown> = fc
  .array(fc.integer().map((n) => new Box(n)), { minLength: 1, maxLength: 3 })
  .chain((pool) => {
    const sub = treeArb<unknown>(fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 3 }, { arbitrary: mixedLeafArb, weight: 1 }))
    return fc.oneof(
      fc.record({ b: sub, a: sub, '10': sub, '2': sub }),
      fc.array(sub, { minLength: 2, maxLength: 5 }),
      fc.tuple(sub, sub, sub).map((kids) => new Labelled('P', ['z', '10', '2'], kids)),
    )
  })
