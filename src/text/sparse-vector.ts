/** A sparse vector over term ids: `terms` ascending, `weights` alongside. */
export interface SparseVector {
  readonly terms: Int32Array;
  readonly weights: Float32Array;
}

/** Sparse scores over documents: `docs` ascending, `scores` alongside. */
export interface SparseScores {
  readonly docs: Int32Array;
  readonly scores: Float64Array;
}
