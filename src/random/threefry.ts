/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3",
 * SC'11), the block function behind JAX's default PRNG, plus JAX's way of hashing a count array
 * (`jax._src.prng.threefry_2x32`): the flat counts are cut into two halves that go in as the two
 * counter words, an odd count getting a zero appended first and the extra output dropped.
 *
 * Kernels in the gl-matrix style: uint32 words held as int32 locals, additions wrap with `| 0`,
 * results stored into Uint32Array (which reduces mod 2^32), no allocation inside the loops.
 */

/** Key-schedule parity constant of Threefry (Skein's C240). */
const PARITY = 0x1bd11bda

/**
 * The block function applied elementwise: `(y0[i], y1[i]) = threefry2x32((k0, k1), (x0[i], x1[i]))`
 * for `i < count`. Outputs may alias the inputs.
 */
export function threefry2x32(
  k0: number, k1: number,
  x0: Uint32Array, x1: Uint32Array,
  y0: Uint32Array, y1: Uint32Array,
  count = x0.length,
): void {
  const ks0 = k0 | 0
  const ks1 = k1 | 0
  const ks2 = (ks0 ^ ks1 ^ PARITY) | 0
  for (let i = 0; i < count; i++) block(ks0, ks1, ks2, x0[i] | 0, x1[i] | 0, y0, i, y1, i)
}

/**
 * JAX's `threefry_2x32(key, iota(n))`, written into `out[0..n)`: the counts `0..n-1` are cut in
 * halves of `h = ceil(n / 2)`, pair `i` hashing counter `(i, h + i)` (the count past the end of an
 * odd array is the appended zero) and writing its words to `out[i]` and `out[h + i]`.
 */
export function threefryIota(k0: number, k1: number, n: number, out: Uint32Array): void {
  const ks0 = k0 | 0
  const ks1 = k1 | 0
  const ks2 = (ks0 ^ ks1 ^ PARITY) | 0
  const h = (n + 1) >>> 1
  const full = n >>> 1 // pairs whose second count lies inside the array
  for (let i = 0; i < full; i++) block(ks0, ks1, ks2, i, h + i, out, i, out, h + i)
  if (full < h) block(ks0, ks1, ks2, full, 0, out, full, new Uint32Array(1), 0) // odd n: padded pair, second word dropped
}

/**
 * One Threefry-2x32-20 block on int32-held words with the key schedule `ks0, ks1, ks2`, writing the
 * two output words to `o0[j0]` and `o1[j1]`. Five groups of four rounds with rotations
 * (13, 15, 26, 6) and (17, 29, 16, 24) alternating, a key injection after every group (the last
 * one included, as Random123 does).
 */
function block(
  ks0: number, ks1: number, ks2: number, c0: number, c1: number,
  o0: Uint32Array, j0: number, o1: Uint32Array, j1: number,
): void {
  let x0 = (c0 + ks0) | 0
  let x1 = (c1 + ks1) | 0
  // group 1: rotations 13 15 26 6
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0
  x0 = (x0 + ks1) | 0; x1 = (x1 + ks2 + 1) | 0
  // group 2: rotations 17 29 16 24
  x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0
  x0 = (x0 + ks2) | 0; x1 = (x1 + ks0 + 2) | 0
  // group 3
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0
  x0 = (x0 + ks0) | 0; x1 = (x1 + ks1 + 3) | 0
  // group 4
  x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0
  x0 = (x0 + ks1) | 0; x1 = (x1 + ks2 + 4) | 0
  // group 5
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0
  x0 = (x0 + ks2) | 0; x1 = (x1 + ks0 + 5) | 0
  o0[j0] = x0
  o1[j1] = x1
}
