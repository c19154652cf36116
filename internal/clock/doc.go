// Package clock holds the small time helpers wismo passes down as values: a
// backoff.Clock adapter over a Now function, a context-aware Sleep, and Fake,
// a manual clock for tests whose Sleep advances time instead of waiting.
package clock
