import { COLUMN_ROLES, type ColumnMapping, type ColumnRole } from '../core/io/log/index.ts';
import { movieController } from '../state/app-controller.ts';
import { useWorkbench } from '../state/store.ts';

/**
 * The log's columns with the role and unit the reader recognised; the user corrects them here
 * (e.g. a column named "U2" that is really the bias in mV) and the log is read again.
 */
export function LogColumns() {
  const log = useWorkbench((s) => s.log);
  if (!log) return null;

  const choose = (name: string, patch: { role?: ColumnRole; unit?: string }) => {
    const current = log.columns.find((c) => c.name === name);
    if (!current) return;
    const mapping: ColumnMapping = {
      ...log.mapping,
      columns: {
        ...log.mapping?.columns,
        [name]: {
          role: patch.role ?? current.role,
          unit: patch.unit ?? current.unit,
          group: current.group,
        },
      },
    };
    void movieController().remapLog(mapping);
  };

  return (
    <details className="log-columns">
      <summary>Columns of the log ({log.columns.length})</summary>
      <table>
        <thead>
          <tr>
            <th>Column</th>
            <th>First values</th>
            <th>Read as</th>
            <th>Unit in file</th>
          </tr>
        </thead>
        <tbody>
          {log.columns.map((column) => (
            <tr key={column.name} data-testid={`log-column-${column.index}`}>
              <td>{column.name}</td>
              <td className="samples">{column.samples.slice(0, 3).join(', ')}</td>
              <td>
                <select
                  aria-label={`Role of column ${column.name}`}
                  value={column.role}
                  onChange={(e) => choose(column.name, { role: e.target.value as ColumnRole })}
                >
                  {COLUMN_ROLES.map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  aria-label={`Unit of column ${column.name}`}
                  defaultValue={column.unit ?? column.siUnit}
                  size={6}
                  onBlur={(e) => {
                    const unit = e.target.value.trim();
                    if (unit && unit !== (column.unit ?? column.siUnit)) choose(column.name, { unit });
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.series.notes.length > 0 ? (
        <ul className="hint log-notes">
          {log.series.notes.slice(0, 12).map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
