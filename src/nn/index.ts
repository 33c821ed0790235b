// Public surface of the neural-network layer: parameters, layers, initialisers, losses, optimizers.
export { Parameter } from './parameter.ts';
export type { Module } from './module.ts';
export { Embedding } from './embedding.ts';
export { Linear, Mlp } from './linear.ts';
export { normal, uniform, xavierUniform, kaimingUniform, zerosInit } from './init.ts';
export type { Initializer } from './init.ts';
export { bprLoss, mseLoss, weightedMseLoss, bceWithLogits } from './losses.ts';
export { SGD, Adam } from './optim.ts';
export type { Optimizer, SgdOptions, AdamOptions } from './optim.ts';
