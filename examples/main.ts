/**
 * `npm start`: every demo in order — tensors, modules, a regression fit and a short training run.
 */
import { main as tensors } from './tensors.js'
import { main as modules } from './modules.js'
import { main as regression } from './linear-regression.js'
import { main as mlp } from './mlp.js'

tensors()
modules()
regression()
mlp({ epochs: 6 })
