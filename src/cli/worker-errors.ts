import { type TransferHandler, transferHandlers } from 'comlink';
import { FileFormatError } from '../core/io/errors.ts';

/**
 * Comlink sends a worker's error as a plain Error (message, name, stack): a `FileFormatError`
 * would lose its kind and file name on the way, and the CLI could no longer tell a damaged file
 * (exit 1, with advice) from a bug (exit 70). This wraps comlink's own handler so those fields
 * cross the thread boundary; both the worker and the pool's side import it.
 */
type Serialized = { isError: boolean; value: { fileFormat?: FileFormatFields } & Record<string, unknown> };
type FileFormatFields = Pick<FileFormatError, 'fileName' | 'kind' | 'detail' | 'byteOffset'>;

const comlinkThrow = transferHandlers.get('throw') as TransferHandler<{ value: unknown }, Serialized>;

transferHandlers.set('throw', {
  canHandle: comlinkThrow.canHandle,
  serialize(thrown: { value: unknown }) {
    const [serialized, transfer] = comlinkThrow.serialize(thrown);
    const error = thrown.value;
    if (error instanceof FileFormatError && serialized.isError) {
      const { fileName, kind, detail, byteOffset } = error;
      serialized.value.fileFormat = { fileName, kind, detail, byteOffset };
    }
    return [serialized, transfer];
  },
  deserialize(serialized: Serialized) {
    const fields = serialized.isError ? serialized.value.fileFormat : undefined;
    if (fields) throw new FileFormatError(fields.fileName, fields.kind, fields.detail, fields.byteOffset);
    return comlinkThrow.deserialize(serialized);
  },
} as TransferHandler<unknown, unknown>);
