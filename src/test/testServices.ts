/**
 * The page-side services over a test's tracking client, as services/page.ts assembles them for
 * the page. Bundles run on the test's thread: Node has no workers.
 */
import type { TrackingClient } from '../db/trackingClient';
import { BundleService } from '../services/bundles/bundleService';
import { RegistryService } from '../services/registry/registryService';
import { StorageService } from '../services/storage/storageService';

export function registryOf(client: TrackingClient): RegistryService {
  return new RegistryService(client);
}

export function bundlesOf(client: TrackingClient): BundleService {
  return new BundleService({ tracking: client, thread: 'here' });
}

export function storageOf(client: TrackingClient): StorageService {
  return new StorageService(client.db);
}
