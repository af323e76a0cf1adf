/** Saving an export: the Web Share API where the browser can share files, else a download. */
import { tracking } from '../../app/tracking';
import type { BundleSelection } from '../../db/bundleStore';
import { exportFileName } from './bundles.common';

export async function exportAndSave(selection: BundleSelection, what: string, options: { share?: boolean } = {}): Promise<void> {
  const blob = await tracking.exportBundle(selection);
  const name = exportFileName(what, new Date());
  const file = new File([blob], name, { type: 'application/zip' });
  if (options.share && typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
    await navigator.share({ files: [file], title: name });
    return;
  }
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
