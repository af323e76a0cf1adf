/**
 * Model registry writes and reads (MLflow's model registry store). The rules live in
 * domain/registry; this applies them to the two tables, each change in one transaction. Only the
 * registry service (services/registry) calls the writers; pages read through liveQuery with the readers.
 *
 * This module gathers them in one import: registered models and their aliases are in
 * registeredModelStore.ts, versions in modelVersionStore.ts, and what both share in registryRows.ts.
 */
export * from './registeredModelStore';
export * from './modelVersionStore';
