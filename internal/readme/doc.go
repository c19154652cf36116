// Package readme holds the test that keeps the repository's README honest:
// every Go program in README.md must compile and pass go vet against the
// module as it is. It has no code of its own.
package readme
