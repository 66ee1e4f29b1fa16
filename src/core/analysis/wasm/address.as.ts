// Byte addresses of the index-th element of an array of f32 (or i32), f64 or 16-byte (v128)
// values starting at `base` in the kernels' memory: one definition for every kernel file.

@inline
export function f32At(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

@inline
export function f64At(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

@inline
export function v128At(base: usize, index: i32): usize {
  return base + (<usize>index << 4);
}
