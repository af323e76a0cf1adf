/**
 * The page's services, assembled once: the store's writer (`tracking`), its read queries
 * (`reads`, run in live queries by the features' hooks) and the page-side services, each owning
 * its thread hop. Features import these; `app/` builds `window.trainyard` from them. The Dexie
 * handle itself stays here.
 */
import { readsOf } from '../db/queries';
import { TrainyardDB } from '../db/schema';
import { TrackingClient } from '../db/trackingClient';
import { BundleService } from './bundles/bundleService';
import { InsightService } from './insights/insightService';
import { SyncService } from './mlflowServer/syncService';
import { PredictClient } from './prediction/predictClient';
import { RegistryService } from './registry/registryService';
import { ScriptService } from './scripts/scriptService';
import { SearchService } from './search/searchService';
import { StorageService } from './storage/storageService';
import { TrainingService } from './training/trainingService';

const db = new TrainyardDB();
/** Experiments, runs, params, metrics, tags, artifacts, datasets: the writer workers have too. */
export const tracking = new TrackingClient({ db });
export const reads = readsOf(db);
export const registry = new RegistryService(tracking);
/** Export and import, in the bundle worker. */
export const bundles = new BundleService({ tracking });
export const storage = new StorageService(db);
/** Training in the worker pool (created on first use). */
export const training = new TrainingService(tracking);
export const searches = new SearchService({ tracking, training });
/** Predictions in the predict worker (started on first use). */
export const predictions = new PredictClient({ registry: () => registry });
export const scripts = new ScriptService();
/** Repeat with seeds, compare groups of runs, verify a run reproduces, coach a run. */
export const insights = new InsightService({ tracking, reads, training, searches });
/** Push, pull and mirror runs with MLflow tracking servers (in the sync worker). */
export const sync = new SyncService({ tracking, reads });

/** Every service of the page, for the console facade and start-up. */
export const services = { tracking, registry, bundles, storage, training, searches, predictions, scripts, insights, sync } as const;
export type PageServices = typeof services;
