/**
 * Reverse-mode differentiation: `grad`, `valueAndGrad`, `stopGradient`.
 */
export { grad, valueAndGrad, stopGradient, type GradOptions } from './grad.js'
