/** A text measurer for the runs table's widths: a canvas in the app's font, once per text (an estimate without a canvas). */
import { useMemo } from 'react';
import { estimateText, type Measure } from './runsTableLayout';

/** Text widths in the table's own font, measured once per text on a canvas. */
export function useTextMeasure(): Measure {
  return useMemo(() => {
    const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (!context) return estimateText;
    const family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
    const cache = new Map<string, number>();
    return (text, style) => {
      const id = `${style}\u0000${text}`;
      let width = cache.get(id);
      if (width === undefined) {
        context.font = `${style === 'header' ? '600 ' : ''}14px ${family}`;
        width = Math.ceil(context.measureText(text).width);
        if (cache.size > 5000) cache.clear();
        cache.set(id, width);
      }
      return width;
    };
  }, []);
}
