/**
 * Canvas drawing for the page: the loss curve on a log scale, and the decision boundary as a
 * coloured probability field under the training points. Pure drawing: each call paints the whole
 * canvas from the values it is given.
 */
import { tensor, type Tensor } from '../../src/index.js'

/** The square of the plane the boundary canvas shows. */
export const DOMAIN = { lo: -1.5, hi: 1.5 } as const

/** Class colours (RGB): class 0 blue, class 1 orange. */
const CLASS_RGB = [[37, 99, 235], [234, 88, 12]] as const
const PAPER = [248, 250, 252] as const

/** Grid points [n·n, 2] row by row, top row first, at the centres of the canvas cells. */
export function gridPoints(n: number): Tensor {
  const { lo, hi } = DOMAIN
  const cell = (hi - lo) / n
  const xy = new Float32Array(n * n * 2)
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      xy[2 * (r * n + c)] = lo + (c + 0.5) * cell
      xy[2 * (r * n + c) + 1] = hi - (r + 0.5) * cell
    }
  }
  return tensor(xy, { shape: [n * n, 2] })
}

const mix = (a: number, b: number, t: number): number => Math.round(a + (b - a) * t)

/**
 * Paints p(class 1) for an n×n grid (row-major, top row first), faded towards paper so the points
 * stay readable, then the points themselves coloured by label.
 */
export function drawBoundary(canvas: HTMLCanvasElement, prob1: ArrayLike<number>, n: number, points: readonly (readonly [number, number, number])[]): void {
  const g = canvas.getContext('2d')
  if (g === null) return
  const field = document.createElement('canvas')
  field.width = n
  field.height = n
  const fg = field.getContext('2d')
  if (fg === null) return
  const img = fg.createImageData(n, n)
  for (let i = 0; i < n * n; i++) {
    const p = prob1[i]
    const confidence = Math.abs(2 * p - 1)
    const [r, gr, b] = CLASS_RGB[p >= 0.5 ? 1 : 0]
    const fade = 0.25 + 0.45 * confidence
    img.data[4 * i] = mix(PAPER[0], r, fade)
    img.data[4 * i + 1] = mix(PAPER[1], gr, fade)
    img.data[4 * i + 2] = mix(PAPER[2], b, fade)
    img.data[4 * i + 3] = 255
  }
  fg.putImageData(img, 0, 0)
  g.imageSmoothingEnabled = true
  g.drawImage(field, 0, 0, canvas.width, canvas.height)
  const { lo, hi } = DOMAIN
  const sx = canvas.width / (hi - lo)
  const sy = canvas.height / (hi - lo)
  g.lineWidth = 1
  g.strokeStyle = 'rgba(15, 23, 42, 0.8)'
  for (const [x, y, label] of points) {
    const [r, gr, b] = CLASS_RGB[label]
    g.fillStyle = `rgb(${r}, ${gr}, ${b})`
    g.beginPath()
    g.arc((x - lo) * sx, (hi - y) * sy, 3.5, 0, 2 * Math.PI)
    g.fill()
    g.stroke()
  }
}

/** Averages `values` into at most `width` buckets, so a long run still draws one point per pixel. */
function bucket(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values]
  const per = values.length / width
  return Array.from({ length: width }, (_, i) => {
    const s = values.slice(Math.floor(i * per), Math.max(Math.floor((i + 1) * per), Math.floor(i * per) + 1))
    return s.reduce((a, b) => a + b, 0) / s.length
  })
}

/** The loss curve on a log₁₀ scale, with the decades that span it marked. */
export function drawLoss(canvas: HTMLCanvasElement, losses: readonly number[]): void {
  const g = canvas.getContext('2d')
  if (g === null) return
  const { width: w, height: h } = canvas
  const pad = { left: 44, right: 10, top: 10, bottom: 22 }
  g.fillStyle = 'rgb(255, 255, 255)'
  g.fillRect(0, 0, w, h)
  g.font = '11px system-ui, sans-serif'
  g.fillStyle = 'rgb(100, 116, 139)'
  if (losses.length === 0) {
    g.fillText('no steps yet', pad.left, h / 2)
    return
  }
  const ys = bucket(losses, w - pad.left - pad.right).map((v) => Math.log10(Math.max(v, 1e-6)))
  const top = Math.ceil(Math.max(...ys))
  const bottom = Math.min(Math.floor(Math.min(...ys)), top - 1)
  const px = (i: number): number => pad.left + (ys.length === 1 ? 0 : (i / (ys.length - 1)) * (w - pad.left - pad.right))
  const py = (v: number): number => pad.top + ((top - v) / (top - bottom)) * (h - pad.top - pad.bottom)
  g.strokeStyle = 'rgb(226, 232, 240)'
  g.lineWidth = 1
  for (let d = bottom; d <= top; d++) {
    g.beginPath()
    g.moveTo(pad.left, py(d))
    g.lineTo(w - pad.right, py(d))
    g.stroke()
    g.fillText(`1e${d}`, 6, py(d) + 4)
  }
  g.fillText(`step ${losses.length}`, w - pad.right - 70, h - 6)
  g.strokeStyle = 'rgb(15, 118, 110)'
  g.lineWidth = 2
  g.beginPath()
  ys.forEach((v, i) => (i === 0 ? g.moveTo(px(i), py(v)) : g.lineTo(px(i), py(v))))
  g.stroke()
}
