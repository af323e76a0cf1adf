/**
 * Small scatter plots drawn on an OffscreenCanvas in the worker and logged as PNG artifacts
 * (Plotly needs a DOM). Returns null where there is no OffscreenCanvas (Node tests).
 */
export async function scatterPng(options: {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  xLabel: string;
  yLabel: string;
  diagonal?: boolean;
  zeroLine?: boolean;
}): Promise<Blob | null> {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const width = 480;
  const height = 360;
  const pad = 44;
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d');
  if (!g) return null;
  const xs = Array.from(options.x).filter(Number.isFinite);
  const ys = Array.from(options.y).filter(Number.isFinite);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (options.diagonal) [x0, x1, y0, y1] = [Math.min(x0, y0), Math.max(x1, y1), Math.min(x0, y0), Math.max(x1, y1)];
  if (options.zeroLine) [y0, y1] = [Math.min(y0, 0), Math.max(y1, 0)];
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const sy = (v: number) => height - pad - ((v - y0) / (y1 - y0 || 1)) * (height - 2 * pad);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.strokeStyle = '#999';
  g.strokeRect(pad, pad, width - 2 * pad, height - 2 * pad);
  g.strokeStyle = '#c62828';
  g.beginPath();
  if (options.diagonal) {
    g.moveTo(sx(x0), sy(x0));
    g.lineTo(sx(x1), sy(x1));
  }
  if (options.zeroLine) {
    g.moveTo(sx(x0), sy(0));
    g.lineTo(sx(x1), sy(0));
  }
  g.stroke();
  g.fillStyle = 'rgba(11, 107, 203, 0.35)';
  for (let i = 0; i < options.x.length; i++) {
    const x = options.x[i] as number;
    const y = options.y[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y)) g.fillRect(sx(x) - 2, sy(y) - 2, 4, 4);
  }
  g.fillStyle = '#333';
  g.font = '12px sans-serif';
  g.fillText(options.xLabel, width / 2 - 20, height - 12);
  g.save();
  g.translate(14, height / 2 + 20);
  g.rotate(-Math.PI / 2);
  g.fillText(options.yLabel, 0, 0);
  g.restore();
  g.fillText(`${x0.toPrecision(3)} … ${x1.toPrecision(3)}`, pad, height - 28);
  return canvas.convertToBlob({ type: 'image/png' });
}
