package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The README's first command, as a new user runs it.
func TestQuickstartRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the example")
	}
	out, err := exec.Command("go", "run", ".", "-orders", "3").CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./examples/quickstart: %v\n%s", err, out)
	}
	for _, want := range []string{"Larkspur & Co ships 3 orders", "Where every order stands", "ship-003"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
