// Package cputime reads the CPU time the process has used, for benchmarks
// that report work per CPU-second: on a machine shared with other work, CPU
// time is inflated less than wall-clock time.
package cputime
