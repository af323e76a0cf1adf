import type { ServerSummary } from '../../services/mlflowServer/sync.types';
import { serverLabel } from './syncViewModel';

/** The connected servers as the options of a server picker (Push and Pull). */
export function ServerOptions({ servers }: { servers: readonly ServerSummary[] }) {
  return (
    <>
      {servers.map((s) => (
        <option key={s.id} value={s.id}>
          {serverLabel(s)}
        </option>
      ))}
    </>
  );
}
