// Every unit test gets a fresh in-memory IndexedDB; jsdom-environment tests get it too.
import 'fake-indexeddb/auto';
