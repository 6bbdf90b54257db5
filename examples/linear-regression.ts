/**
 * Fitting the seed's LinearModel by gradient descent to data made from known weights, and
 * comparing the recovered weights with the truth and with the closed-form least-squares answer.
 * Run with `npx tsx examples/linear-regression.ts`.
 */
import { nn, optim, random, tensor, valueAndGrad, type Tensor } from '../src/index.js'
import { LinearModel } from './modules.js'
import { runIfMain } from './runIfMain.js'

/** Solves the normal equations (XᵀX) w = Xᵀy with an intercept column, by Gaussian elimination. */
function leastSquares(x: number[][], y: number[]): number[] {
  const rows = x.map((r) => [...r, 1])
  const n = rows[0].length
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) =>
    rows.reduce((s, r, k) => s + r[i] * (j === n ? y[k] : r[j]), 0)))
  for (let c = 0; c < n; c++) {
    const p = a.reduce((best, r, i) => (i >= c && Math.abs(r[c]) > Math.abs(a[best][c]) ? i : best), c);
    [a[c], a[p]] = [a[p], a[c]]
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = a[r][c] / a[c][c]
      for (let j = c; j <= n; j++) a[r][j] -= f * a[c][j]
    }
  }
  return a.map((r, i) => r[n] / r[i])
}

export function main({ steps = 200 } = {}): void {
  console.log('\n== Linear regression ==')
  const trueW = [2, -3, 0.5, 1, -1]
  const trueB = 0.7
  const [kx, kn, km] = random.split(random.key(7), 3)
  const x = random.normal(kx, [256, 5])
  const noise = random.normal(kn, [256, 1]).mul(0.1)
  const y = x.mm(tensor(trueW, { shape: [5, 1] })).add(trueB).add(noise)

  let model = LinearModel(5, km)
  const opt = optim.sgd(0.1, { momentum: 0.9 })
  let state = opt.init(model)
  const loss = (m: typeof model): Tensor => nn.mseLoss(nn.run(m, x, { mode: 'train' })[0], y)
  for (let i = 0; i < steps; i++) {
    const [l, g] = valueAndGrad(loss)(model)
    const [updates, s2] = opt.update(g, state, model)
    model = optim.applyUpdates(model, updates)
    state = s2
    if (i % 50 === 0 || i === steps - 1) console.log(`step ${String(i).padStart(3)}  mse ${(l.item() as number).toFixed(6)}`)
  }
  const closed = leastSquares(x.toArray() as number[][], (y.toArray() as number[][]).map((r) => r[0]))
  const learned = [...(model.params.weight.toTypedArray() as Float32Array), ...(model.params.bias.toTypedArray() as Float32Array)]
  const fmt = (v: readonly number[]) => v.map((n) => n.toFixed(4).padStart(8)).join(' ')
  console.log(`true        ${fmt([...trueW, trueB])}`)
  console.log(`learned     ${fmt(learned)}`)
  console.log(`closed form ${fmt(closed)}`)
}

runIfMain(import.meta.url, () => main())
