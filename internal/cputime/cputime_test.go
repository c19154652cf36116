package cputime_test

import (
	"runtime"
	"testing"

	"github.com/wismo-dev/wismo/internal/cputime"
)

func TestProcessGrowsWithWork(t *testing.T) {
	before, ok := cputime.Process()
	if !ok {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
			t.Fatal("CPU time not available on a unix platform")
		}
		t.Skip("CPU time not available on this platform")
	}
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	after, _ := cputime.Process()
	if after <= before {
		t.Fatalf("CPU time went from %v to %v over a busy loop (%d)", before, after, x)
	}
}
