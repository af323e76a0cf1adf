import { describe, expect, it } from 'vitest';
import { applyCompletion, completeAt, completionCandidates, quoteKey, wordAt } from './filterCompletion';
import type { RunKeys } from './runKeys';

const keys: RunKeys = {
  params: ['hidden_layers', 'lr'],
  recordedParams: ['dataset_digest'],
  metrics: ['test_accuracy', 'test_rmse', 'val loss'],
  tags: ['team'],
  systemTags: ['mlflow.user'],
  headlineMetric: 'test_rmse',
};
const candidates = completionCandidates(keys);
const at = (text: string, all = false) => completeAt(text, text.length, candidates, all);

describe('completionCandidates', () => {
  it('should offer metrics, params, tags and attributes, quoting keys the grammar cannot read bare', () => {
    expect(candidates.slice(0, 8)).toEqual([
      'metrics.test_accuracy',
      'metrics.test_rmse',
      'metrics.`val loss`',
      'params.hidden_layers',
      'params.lr',
      'params.dataset_digest',
      'tags.team',
      'tags.mlflow.user',
    ]);
    expect(candidates).toContain('attributes.status');
    expect(quoteKey('a/b')).toBe('`a/b`');
    expect(quoteKey('and')).toBe('`and`');
  });
});

describe('completeAt', () => {
  it('should offer the names that start with the word at the caret', () => {
    expect(at('metrics.te')?.options).toEqual(['metrics.test_accuracy', 'metrics.test_rmse']);
    expect(at("params.lr = '1' AND met")?.options).toEqual(['metrics.test_accuracy', 'metrics.test_rmse', 'metrics.`val loss`']);
    expect(at('(par')?.options).toEqual(['params.hidden_layers', 'params.lr', 'params.dataset_digest']);
  });

  it('should find a key by a part of it', () => {
    expect(at('rmse')?.options).toEqual(['metrics.test_rmse']);
  });

  it('should offer nothing for an empty word unless asked, for a keyword, a number, a string or a name typed in full', () => {
    expect(at('')).toBeNull();
    expect(at('', true)?.options.length).toBe(candidates.length);
    expect(at('metrics.test_rmse < 0.5 AND')).toBeNull();
    expect(at('metrics.test_rmse < 0.5')).toBeNull();
    expect(at("params.lr = 'met")).toBeNull();
    expect(at('metrics.test_rmse')).toBeNull();
    expect(at('zzz')).toBeNull();
  });

  it('should complete inside an open backtick', () => {
    expect(at('metrics.`val l')?.options).toEqual(['metrics.`val loss`']);
  });
});

describe('applyCompletion', () => {
  it('should replace the whole word and put the caret after it, with a space at the end', () => {
    const text = 'metrics.te';
    const word = wordAt(text, text.length);
    expect(word).not.toBeNull();
    if (!word) return;
    expect(applyCompletion(text, word, 'metrics.test_rmse')).toEqual({ text: 'metrics.test_rmse ', caret: 18 });
  });

  it('should replace the word in the middle of a filter', () => {
    const text = 'metrics.te < 1 AND params.lr > 0';
    const word = wordAt(text, 5);
    if (!word) throw new Error('no word');
    expect(word).toEqual({ start: 0, end: 10, typed: 'metri' });
    expect(applyCompletion(text, word, 'metrics.test_rmse')).toEqual({ text: 'metrics.test_rmse < 1 AND params.lr > 0', caret: 17 });
  });
});
