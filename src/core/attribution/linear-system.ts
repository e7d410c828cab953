// Dense linear algebra for the Markov model: the inverse of an n x n matrix by Gauss-Jordan elimination with
// partial pivoting. n is the number of channels (tens, at most a few thousand), so O(n^3) once is cheap, and exact up
// to floating point, unlike the simulations some attribution tools run.

/** The inverse of `a` (row-major, n x n; not modified). Throws when `a` is singular. */
export function invert(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    const p = m[pivot * n + col]!;
    if (Math.abs(p) < 1e-300) throw new RangeError('singular matrix');
    if (pivot !== col) { swapRows(m, n, pivot, col); swapRows(inv, n, pivot, col); }
    for (let k = 0; k < n; k++) { m[col * n + k]! /= p; inv[col * n + k]! /= p; }
    for (let r = 0; r < n; r++) {
      const f = m[r * n + col]!;
      if (r === col || f === 0) continue;
      for (let k = 0; k < n; k++) { m[r * n + k]! -= f * m[col * n + k]!; inv[r * n + k]! -= f * inv[col * n + k]!; }
    }
  }
  return inv;
}

function swapRows(m: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) { const t = m[a * n + k]!; m[a * n + k] = m[b * n + k]!; m[b * n + k] = t; }
}
