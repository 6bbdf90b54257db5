/**
 * erf and erfc in double precision, after fdlibm's s_erf.c (Sun Microsystems, 1993): rational
 * approximations on [0, 0.84375), [0.84375, 1.25), [1.25, 1/0.35) and [1/0.35, 28), accurate to
 * about 1 ulp. JS has no Math.erf; GELU and its gradient need one that is good in float64.
 */

const erx = 8.45062911510467529297e-01
const efx8 = 1.02703333676410069053e+00
const pp = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
  -5.77027029648944159157e-03, -2.37630166566501626084e-05]
const qq = [3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
  1.32494738004321644526e-04, -3.96022827877536812320e-06]
const pa = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
  3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
  -2.16637559486879084300e-03]
const qa = [1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
  1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02]
const ra = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
  -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
  -8.12874355063065934246e+01, -9.81432934416914548592e+00]
const sa = [1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
  6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
  6.57024977031928170135e+00, -6.04244152148580987438e-02]
const rb = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
  -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
  -4.83519191608651397019e+02]
const sb = [3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
  3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
  -2.24409524465858183362e+01]

const poly = (c: readonly number[], z: number): number => {
  let r = 0
  for (let i = c.length - 1; i >= 0; i--) r = r * z + c[i]
  return r
}

/** exp(-x²-0.5625)·exp((z-x)(z+x)+R/S) with z = x rounded to 32 bits: keeps erfc accurate in the tail. */
function tail(x: number, r: number, s: number): number {
  const z = Math.fround(x)
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + r / s)) / x
}

/** erfc(|x|) for |x| ≥ 0.84375, the shared body of erf and erfc. */
function erfcLarge(ax: number): number {
  if (ax < 1.25) {
    const s = ax - 1
    return 1 - erx - poly(pa, s) / (1 + s * poly(qa, s))
  }
  if (ax >= 28) return 0
  const s = 1 / (ax * ax)
  return ax < 1 / 0.35
    ? tail(ax, poly(ra, s), 1 + s * poly(sa, s))
    : tail(ax, poly(rb, s), 1 + s * poly(sb, s))
}

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN
  const ax = Math.abs(x)
  if (ax < 0.84375) {
    if (ax < 2 ** -28) return x + (efx8 / 8) * x
    const z = x * x
    return x + x * (poly(pp, z) / (1 + z * poly(qq, z)))
  }
  const r = 1 - erfcLarge(ax)
  return x < 0 ? -r : r
}

/** The complementary error function 1 - erf(x), accurate for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  const ax = Math.abs(x)
  if (ax < 0.84375) return 1 - erf(x)
  const r = erfcLarge(ax)
  return x < 0 ? 2 - r : r
}
