/**
 * The tensor API: the Tensor class, creation, dtypes, devices, and every op as a data-first /
 * data-last function.
 */
export { Tensor, type NestedArray, type ItemOf } from './tensor.js'
export { DTYPES, isDType, isFloating, itemsize, type DType, type FloatDType, type StorageOf } from './dtype.js'
export { deviceNames, type Device, type Kernels } from './device.js'
export type { FloatArray } from '../kernels/mm.js'
export { tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, type CreateOptions, type NestedData, type TypedArrayInput } from './create.js'
export { promoteTypes, resultType, type Operand, type Scalar } from './promote.js'
export { broadcastShapes, type Shape } from './shape.js'
export { add, sub, mul, div, pow, maximum, minimum, neg, abs, clamp, type AddOp, type AddOptions, type BinaryOp } from './arithmetic.js'
export { sqrt, rsqrt, exp, log, log1p, sin, cos, tanh, erf, sigmoid, relu, square, sign, gelu, type GeluApproximate } from './math.js'
export { eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalNot, where, allclose } from './compare.js'
export { sum, mean, prod, max, min, argmax, argmin, var_ as var, std, all, any, type ReduceOptions, type VarOptions, type Reduction } from './reduce.js'
export { softmax, logSoftmax } from './softmax.js'
export { reshape, flatten, squeeze, unsqueeze, transpose, permute, t, expand } from './view.js'
export { cat, stack } from './join.js'
export { slice, select, narrow, indexSelect, gather } from './slice.js'
export { mm, matmul, linear } from './matmul.js'
export { to, half, float, double, bfloat16, long, int, bool, type ToTarget } from './cast.js'
export { formatTensor } from './format.js'
export { conv2d, type Conv2dOptions, type Pair } from './conv.js'
export { maxPool2d, avgPool2d, poolOutputSize, type MaxPool2dOptions, type AvgPool2dOptions } from './pool.js'
