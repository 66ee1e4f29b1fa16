/**
 * The DM3/DM4 tag-file data model, as described by the published format notes of the open-source
 * readers of the field: a header (always big-endian), then a tree of groups and data tags. Tag
 * "info" arrays (type descriptors) are big-endian; tag values use the byte order the header declares.
 */

/** Element type codes used in tag info arrays. */
export const DmType = {
  int16: 2,
  int32: 3,
  uint16: 4,
  uint32: 5,
  float32: 6,
  float64: 7,
  bool: 8,
  char: 9,
  int8: 10,
  int64: 11,
  uint64: 12,
  struct: 15,
  string: 18,
  array: 20,
} as const;

/** A parsed type descriptor: what a data tag's bytes hold. */
export type DmTypeInfo =
  | { kind: 'simple'; code: number }
  | { kind: 'struct'; fields: number[] }
  | { kind: 'string'; length: number }
  | { kind: 'array'; element: DmTypeInfo; count: number };

/** A large array left on disk: where it is and what it holds, never its bytes. */
export interface DmArrayRef {
  kind: 'array-ref';
  /** Element type code (a simple code, or 15 for arrays of structs). */
  elementType: number;
  elementSize: number;
  count: number;
  /** Absolute byte offset of the first element. */
  offset: number;
  byteLength: number;
}

export type DmValue = number | string | boolean | DmValue[] | DmArrayRef;

export interface DmData {
  kind: 'data';
  /** Absolute byte offset of the value's first byte. */
  offset: number;
  type: DmTypeInfo;
  value: DmValue;
}

export interface DmGroup {
  kind: 'group';
  offset: number;
  entries: DmEntry[];
}

export interface DmEntry {
  /** Empty for the unnamed items of list groups (ImageList, Dimensions, ...). */
  label: string;
  /** Byte offset of the entry's type byte. */
  offset: number;
  node: DmGroup | DmData;
}

export interface DmHeader {
  version: 3 | 4;
  littleEndian: boolean;
  /** Byte offset of the root group (its sorted/open bytes). */
  rootOffset: number;
}

export function isArrayRef(value: unknown): value is DmArrayRef {
  return typeof value === 'object' && value !== null && (value as DmArrayRef).kind === 'array-ref';
}

/** The node at `path` below `group` (labels; a number picks the n-th entry of a list group). */
export function tagAt(
  group: DmGroup | undefined,
  ...path: (string | number)[]
): DmGroup | DmData | undefined {
  let node: DmGroup | DmData | undefined = group;
  for (const step of path) {
    if (node?.kind !== 'group') return undefined;
    node =
      typeof step === 'number'
        ? node.entries[step]?.node
        : node.entries.find((entry) => entry.label === step)?.node;
  }
  return node;
}

export function groupAt(group: DmGroup | undefined, ...path: (string | number)[]): DmGroup | undefined {
  const node = tagAt(group, ...path);
  return node?.kind === 'group' ? node : undefined;
}

export function valueAt(group: DmGroup | undefined, ...path: (string | number)[]): DmValue | undefined {
  const node = tagAt(group, ...path);
  return node?.kind === 'data' ? node.value : undefined;
}

export function numberAt(group: DmGroup | undefined, ...path: (string | number)[]): number | undefined {
  const value = valueAt(group, ...path);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

export function stringAt(group: DmGroup | undefined, ...path: (string | number)[]): string | undefined {
  const value = valueAt(group, ...path);
  return typeof value === 'string' ? value : undefined;
}
