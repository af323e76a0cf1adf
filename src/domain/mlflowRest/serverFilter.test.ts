import { describe, expect, it } from 'vitest';
import { serverFilterProblem } from './serverFilter';

describe('serverFilterProblem', () => {
  it('passes what MLflow\'s server takes', () => {
    for (const ok of ['', "metrics.rmse < 0.8 and params.lr = '0.1'", "tags.`trainyard.local_run_id` = 'abc'", "attributes.run_id IN ('a', 'b')", "params.note = 'a (b) or c'", "attributes.run_name LIKE '%(x)%'"]) {
      expect(serverFilterProblem(ok), ok).toBeNull();
    }
  });

  it('says why OR and parentheses cannot go to the server, and what to do instead', () => {
    expect(serverFilterProblem("params.lr = '0.1' OR params.lr = '0.2'")).toContain('does not take OR');
    expect(serverFilterProblem("(params.lr = '0.1') and metrics.x > 1")).toContain('does not take parentheses');
  });

  it('passes on the grammar\'s own message for a filter that does not parse', () => {
    expect(serverFilterProblem('metrics.rmse <')).toMatch(/expected|Expected/);
  });
});
