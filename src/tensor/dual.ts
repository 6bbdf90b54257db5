/**
 * Data-first and data-last in one function, as Effect's `dual` does: `add(x, y)` computes now,
 * `add(y)` returns `(x) => add(x, y)` for `pipe(x, add(y))`. Which form a call uses is decided by
 * its argument count, or by a predicate on the arguments where options are optional.
 */

/** Makes `body` callable data-first (`isDataFirst(args)`) or data-last (the other arguments only). */
export function dual<F extends (self: any, ...rest: any[]) => any>(
  isDataFirst: number | ((args: IArguments) => boolean),
  body: F,
): any {
  const test = typeof isDataFirst === 'number' ? (args: IArguments) => args.length >= isDataFirst : isDataFirst
  return function (this: unknown) {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments
    if (test(args)) return body.apply(this, args as unknown as Parameters<F>)
    const rest = Array.prototype.slice.call(args)
    return (self: unknown) => body(self, ...rest)
  }
}
