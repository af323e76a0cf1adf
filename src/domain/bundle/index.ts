/** Run bundles: export to and import from a zip in MLflow's `mlruns/` layout (pure; no DOM, no store). */
export * from './bundle.types';
export { bundleFiles, type BundleFilesOptions } from './mlrunsWrite';
export { writeZip, type WriteZipOptions, type WriteZipProgress } from './zipWrite';
export { readBundle, type ReadBundleOptions } from './mlrunsRead';
