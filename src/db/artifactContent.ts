/**
 * Turns what a user hands to logArtifact into a Blob: a Blob or File as is, text as text,
 * a plain object as JSON, bytes as bytes, and an image (ImageData, canvas, ImageBitmap) as PNG.
 */
import { TrackingError } from '../domain/errors';

export type ArtifactContent =
  | Blob
  | string
  | ArrayBuffer
  | ArrayBufferView
  | ImageData
  | ImageBitmap
  | OffscreenCanvas
  | HTMLCanvasElement
  | Record<string, unknown>
  | unknown[];

const TYPES_BY_EXTENSION: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  md: 'text/markdown',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  html: 'text/plain', // never served as HTML: user content must not become markup
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'text/plain', // SVG can carry script; it is kept as text
  bin: 'application/octet-stream',
};

export function contentTypeFor(path: string, fallback = 'application/octet-stream'): string {
  const name = path.split('/').pop() ?? '';
  if (name === 'MLmodel') return 'application/yaml';
  const ext = name.includes('.') ? name.split('.').pop()?.toLowerCase() : undefined;
  return (ext && TYPES_BY_EXTENSION[ext]) ?? fallback;
}

function isImageSource(content: unknown): content is ImageData | ImageBitmap | OffscreenCanvas | HTMLCanvasElement {
  return (
    (typeof ImageData !== 'undefined' && content instanceof ImageData) ||
    (typeof ImageBitmap !== 'undefined' && content instanceof ImageBitmap) ||
    (typeof OffscreenCanvas !== 'undefined' && content instanceof OffscreenCanvas) ||
    (typeof HTMLCanvasElement !== 'undefined' && content instanceof HTMLCanvasElement)
  );
}

async function imageToPng(image: ImageData | ImageBitmap | OffscreenCanvas | HTMLCanvasElement): Promise<Blob> {
  if (typeof HTMLCanvasElement !== 'undefined' && image instanceof HTMLCanvasElement) {
    return new Promise<Blob>((resolve, reject) =>
      image.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas could not be encoded as PNG.'))), 'image/png'),
    );
  }
  if (image instanceof OffscreenCanvas) return image.convertToBlob({ type: 'image/png' });
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas is available to encode the image.');
  if (image instanceof ImageData) context.putImageData(image, 0, 0);
  else context.drawImage(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

export async function toArtifactBlob(path: string, content: ArtifactContent): Promise<Blob> {
  if (content instanceof Blob) {
    return content.type ? content : new Blob([content], { type: contentTypeFor(path) });
  }
  if (typeof content === 'string') return new Blob([content], { type: contentTypeFor(path, 'text/plain') });
  if (content instanceof ArrayBuffer) return new Blob([content], { type: contentTypeFor(path) });
  if (ArrayBuffer.isView(content)) {
    const bytes = new Uint8Array(content.buffer, content.byteOffset, content.byteLength).slice();
    return new Blob([bytes], { type: contentTypeFor(path) });
  }
  if (isImageSource(content)) return imageToPng(content);
  if (typeof content === 'object' && content !== null) {
    let json: string;
    try {
      json = JSON.stringify(content, null, 2);
    } catch (error) {
      throw new TrackingError(
        'INVALID_PARAMETER_VALUE',
        `Artifact "${path}" can't be saved as JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return new Blob([json], { type: 'application/json' });
  }
  throw new TrackingError('INVALID_PARAMETER_VALUE', `Artifact "${path}": unsupported content of type ${typeof content}.`);
}
