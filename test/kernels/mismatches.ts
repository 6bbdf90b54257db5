/**
 * Test support for the elementwise kernel tests: element-by-element comparison of two arrays under
 * Object.is (so NaN meets NaN and −0 differs from 0), reported as short readable lines.
 */

/** A number as text, −0 as '-0'. */
export const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v))

/** The elements where `got` and `want` differ under Object.is (at most 8), or a length mismatch. */
export const mismatches = (got: ArrayLike<number>, want: ArrayLike<number>): string[] => {
  if (got.length !== want.length) return [`length ${got.length}, want ${want.length}`]
  const out: string[] = []
  for (let i = 0; i < got.length && out.length < 8; i++) {
    if (!Object.is(got[i], want[i])) out.push(`[${i}] got ${show(got[i])}, want ${show(want[i])}`)
  }
  return out
}
