/**
 * Files the user dropped, by id. Kept out of the store because a File is a handle, not data:
 * the store refers to it by id, and a restored session asks the user to drop the file again.
 */
const files = new Map<string, Blob>();
let counter = 0;

export function registerFile(file: Blob, name: string): string {
  const id = `${++counter}:${name}`;
  files.set(id, file);
  return id;
}

export function getFile(id: string): Blob | undefined {
  return files.get(id);
}

export function forgetFile(id: string): void {
  files.delete(id);
}
