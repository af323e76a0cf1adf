// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../../../domain/tracking/types';
import { TrainingProgress } from './TrainingProgress';

vi.mock('../../../services/page', () => ({ training: { pool: { runningRunIds: () => [] }, stopRun: () => true } }));
vi.mock('../hooks/useTrainingProgress', () => ({
  useTrainingProgress: () => ({ unit: 'tree', epoch: 60, epochs: 1000, batch: 0, batchesPerEpoch: 1, elapsedMs: 1700, etaMs: 26_000 }),
}));

afterEach(cleanup);

describe('TrainingProgress', () => {
  it('should read as separate words, not "60/1000elapsed 1.7 s" (the parts are spaced by CSS only on screen)', () => {
    render(<TrainingProgress run={{ runId: 'r'.repeat(32), status: 'RUNNING' } as unknown as Run} />);
    expect(screen.getByTestId('train.progress.label').textContent).toBe('Trees built: 60/1000 elapsed 1.7 s ETA about 26 s');
  });
});
