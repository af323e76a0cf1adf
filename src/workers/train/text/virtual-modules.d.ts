/** Modules the Vite config generates (see brownCorpus() in vite.config.ts). */
declare module 'virtual:brown-corpus' {
  /** Same-origin URL of the Brown corpus as a JSON TextDatasetAsset (src/domain/datasets/textAsset.ts). */
  const url: string;
  export default url;
}
