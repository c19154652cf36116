//go:build !unix

package cputime

import "time"

// Process returns false: the platform cannot tell the process's CPU time.
func Process() (time.Duration, bool) { return 0, false }
