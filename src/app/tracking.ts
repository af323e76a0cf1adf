/**
 * The page's one database handle and tracking client. Components read through hooks (liveQuery)
 * and write through `tracking`, never through Dexie.
 */
import { TrainyardDB } from '../db/schema';
import { TrainyardConsole } from '../training/TrainyardConsole';

export const db = new TrainyardDB();
export const tracking = new TrainyardConsole({ db });
