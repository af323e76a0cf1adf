/**
 * Where the downloadable built-in datasets come from and which bytes they must be. MLflow's own
 * wine example reads these URLs (a host that allows cross-origin reads); the digests are the UCI
 * originals' (see ../shared/datasets/README.md).
 */
export interface DownloadableDataset {
  datasetId: 'builtin:wine-red' | 'builtin:wine-white';
  name: string;
  fileName: string;
  url: string;
  sha256: string;
  size: number;
}

export const DOWNLOADABLE_DATASETS: readonly DownloadableDataset[] = [
  {
    datasetId: 'builtin:wine-red',
    name: 'Wine quality (red, UCI)',
    fileName: 'winequality-red.csv',
    url: 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv',
    sha256: '4a402cf041b025d4566d954c3b9ba8635a3a8a01e039005d97d6a710278cf05e',
    size: 84_199,
  },
  {
    datasetId: 'builtin:wine-white',
    name: 'Wine quality (white, UCI)',
    fileName: 'winequality-white.csv',
    url: 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-white.csv',
    sha256: '76c3f809815c17c07212622f776311faeb31e87610d52c26d87d6e361b169836',
    size: 264_426,
  },
];

export function findDownloadable(datasetId: string): DownloadableDataset | undefined {
  return DOWNLOADABLE_DATASETS.find((d) => d.datasetId === datasetId);
}
