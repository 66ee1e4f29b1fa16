import type { SegmentParams } from '../core/analysis/types.ts';

/** Whether two parameter sets are the same (both resolved by `resolveParams`, so in one key order). */
export function sameParams(a: SegmentParams | null, b: SegmentParams | null): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}
