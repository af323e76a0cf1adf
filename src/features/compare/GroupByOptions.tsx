import type { ColumnRef } from '../../domain/compare/columns';
import { columnOption } from './compareColumns';

/** The params and tags runs can be grouped by, as <option>s (the curves' and the group panel's "Group by"). */
export function GroupByOptions({ columns }: { columns: readonly ColumnRef[] }) {
  return (
    <>
      {columns.map((ref) => (
        <option key={columnOption(ref)} value={columnOption(ref)}>
          {ref.kind === 'param' ? 'params' : 'tags'}.{ref.key}
        </option>
      ))}
    </>
  );
}
