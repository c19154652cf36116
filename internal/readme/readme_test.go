package readme

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goBlocks returns the ```go blocks of markdown.
func goBlocks(markdown string) []string {
	var blocks []string
	rest := markdown
	for {
		i := strings.Index(rest, "```go\n")
		if i < 0 {
			return blocks
		}
		rest = rest[i+len("```go\n"):]
		j := strings.Index(rest, "\n```")
		if j < 0 {
			return blocks
		}
		blocks = append(blocks, rest[:j+1])
		rest = rest[j:]
	}
}

func TestGoBlocks(t *testing.T) {
	got := goBlocks("a\n```go\npackage main\n```\nb\n```sh\nx\n```\n```go\nfunc f() {}\n```\n")
	if len(got) != 2 || got[0] != "package main\n" || got[1] != "func f() {}\n" {
		t.Fatalf("goBlocks = %q", got)
	}
}

// Every Go block of the README is a whole program that builds against the
// module and passes go vet.
func TestREADMEProgramsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on the README's programs")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(md))
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go blocks")
	}
	// The programs live in a temporary directory inside the module, so their
	// imports resolve to this checkout.
	dir, err := os.MkdirTemp(filepath.Join(root, "internal", "readme"), "check-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var pkgs []string
	for i, b := range blocks {
		if !strings.HasPrefix(b, "package main\n") {
			t.Errorf("README Go block %d is not a whole program (package main); snippets cannot be checked:\n%s", i+1, b)
			continue
		}
		sub := filepath.Join(dir, "block"+string(rune('a'+i)))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "main.go"), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, "./"+filepath.Base(sub))
	}
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the README's programs: %v\n%s", err, out)
	}
}
