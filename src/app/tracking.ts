/**
 * The page's one store and tracking client. Components read through `reads` (the store's queries,
 * db/queries.ts, run in live queries by the features' hooks) and write through `tracking`; the
 * Dexie handle itself stays here.
 */
import { readsOf } from '../db/queries';
import { TrainyardDB } from '../db/schema';
import { TrainyardConsole } from '../training/TrainyardConsole';

const db = new TrainyardDB();
export const tracking = new TrainyardConsole({ db });
export const reads = readsOf(db);
