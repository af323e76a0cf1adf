// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricHelp } from './MetricHelp';

afterEach(cleanup);

describe('MetricHelp', () => {
  it('should reveal the explanation and formula one click away, and hide them again', () => {
    render(<MetricHelp metricKey="val_loss" />);
    const toggle = screen.getByRole('button', { name: 'What is val_loss?' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('metric-help.panel')).toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByTestId('metric-help.panel');
    expect(panel.textContent).toContain('Validation loss');
    expect(panel.textContent).toContain('Lower is better.');
    expect(screen.getByTestId('metric-help.formula').textContent).toContain('(1/n) · Σᵢ (ŷᵢ − yᵢ)²');

    fireEvent.keyDown(toggle, { key: 'Escape' });
    expect(screen.queryByTestId('metric-help.panel')).toBeNull();
  });

  it('should render nothing for a metric the glossary does not know', () => {
    const { container } = render(<MetricHelp metricKey="my metric" />);
    expect(container.innerHTML).toBe('');
  });
});
