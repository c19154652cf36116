package sqlstore

// ListQuery exposes listQuery to the benchmarks, which EXPLAIN it.
var ListQuery = listQuery
