import type { DatasetStorage } from '../../db/storageQueries';
import { formatBytes } from '../../domain/storage/storageSize';

interface Props {
  datasets: DatasetStorage[];
  onDelete: (dataset: DatasetStorage) => void;
}

/** Imported and downloaded datasets, biggest first; imported ones can be deleted. */
export function DatasetsSection({ datasets, onDelete }: Props) {
  return (
    <section aria-labelledby="storage-datasets">
      <h3 id="storage-datasets">Datasets</h3>
      {datasets.length === 0 ? (
        <p className="muted">No imported or downloaded datasets. Built-in ones ship with the app and take no space here.</p>
      ) : (
        <div className="storage-table-wrap">
          <table className="storage-table" data-testid="storage.datasets">
            <thead>
              <tr>
                <th>Dataset</th>
                <th>Kind</th>
                <th>Source</th>
                <th>File</th>
                <th className="num">Size</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.datasetId} data-testid="storage.dataset-row">
                  <th scope="row">{d.name}</th>
                  <td>{d.kind}</td>
                  <td>{d.source === 'import' ? 'imported' : 'downloaded'}</td>
                  <td>{d.fileName}</td>
                  <td className="num">{formatBytes(d.size)}</td>
                  <td>
                    {d.source === 'import' && (
                      <button type="button" onClick={() => onDelete(d)} aria-label={`Delete dataset ${d.name}`} data-testid="storage.dataset-delete">
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
