#!/usr/bin/env node
// Prints one plain closing line for the whole suite, "N passed, N failed, N skipped", from the JSON
// reports Vitest and Playwright wrote during `npm test`.
import { existsSync, readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);

const unit = read('test-results/unit.json');
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
}
const e2e = read('test-results/e2e.json');
if (e2e) {
  totals.passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  totals.failed += e2e.stats.unexpected ?? 0;
  totals.skipped += e2e.stats.skipped ?? 0;
}
if (!unit || !e2e) {
  console.error(`test summary: missing ${!unit ? 'test-results/unit.json' : 'test-results/e2e.json'}`);
  process.exit(1);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
