/**
 * Renders its children once the placeholder scrolls near the viewport, so charts below the fold
 * don't compete with the ones the user is looking at (a compare page can hold a dozen Plotly
 * charts over 100 runs). Without IntersectionObserver it renders at once.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export function WhenVisible({ children, minHeight = 200 }: { children: ReactNode; minHeight?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (visible || !el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setVisible(true);
    }, { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [visible]);
  return visible ? <>{children}</> : <div ref={ref} style={{ minHeight }} aria-hidden="true" />;
}
