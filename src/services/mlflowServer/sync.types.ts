/** The sync service's types, defined beside the sync worker that does the work (workers/sync). */
export type * from '../../workers/sync/sync.types';
export type { ServerAuth } from '../../domain/mlflowRest/serverConfig';
