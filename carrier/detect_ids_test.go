package carrier_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
)

// detectSourceIDs reads the carrier ids Detect's source can produce: the
// string literals given to a candidate's carrier field (in a composite
// literal or an assignment) and those postOf returns.
func detectSourceIDs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("detect*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	ids := map[string]bool{}
	add := func(e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		if s != "" {
			ids[s] = true
		}
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "detect_ids.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "carrier" {
					add(n.Value)
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == "carrier" && i < len(n.Rhs) {
						add(n.Rhs[i])
					}
				}
			case *ast.FuncDecl:
				if n.Name.Name != "postOf" {
					return true
				}
				ast.Inspect(n.Body, func(m ast.Node) bool {
					if r, ok := m.(*ast.ReturnStmt); ok && len(r.Results) == 2 {
						add(r.Results[0])
					}
					return true
				})
			}
			return true
		})
	}
	var out []string
	for id := range ids {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func TestDetectableMatchesDetectSource(t *testing.T) {
	ids := detectSourceIDs(t)
	if len(ids) < 20 {
		t.Fatalf("found only %d carrier ids in Detect's source: %v", len(ids), ids)
	}
	for _, id := range ids {
		if !carrier.Detectable(id) {
			t.Errorf("Detect's source names %q, but Detectable(%q) is false", id, id)
		}
	}
	// The other way round: every id Match.Carrier's documentation lists
	// appears in the source.
	for _, id := range []string{"ups", "fedex", "usps", "dhl_express", "dhl_ecommerce", "dhl_parcel_de", "amazon",
		"ontrac", "lasership", "canadapost", "purolator", "canpar", "dpd", "yodel", "old_dominion", "speedee",
		"landmark", "yunexpress", "gofo", "gls", "inpost", "bpost", "postnord", "royalmail", "deutschepost",
		"laposte", "postnl", "auspost"} {
		if !slices.Contains(ids, id) || !carrier.Detectable(id) {
			t.Errorf("%q: in source %v, Detectable %v", id, slices.Contains(ids, id), carrier.Detectable(id))
		}
	}
}

// Every carrier Detect names for the published samples, and for an S10
// number of every country, is Detectable.
func TestDetectableCoversDetectsAnswers(t *testing.T) {
	named := map[string]bool{}
	for _, n := range tndNumbers {
		for _, m := range carrier.Detect(n.number) {
			named[m.Carrier] = true
		}
	}
	for _, n := range benchNumbers {
		for _, m := range carrier.Detect(n) {
			named[m.Carrier] = true
		}
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for _, m := range carrier.Detect("RR123456785" + string(a) + string(b)) {
				named[m.Carrier] = true
			}
		}
	}
	upu := 0
	for id := range named {
		if !carrier.Detectable(id) {
			t.Errorf("Detect names %q, but Detectable(%q) is false", id, id)
		}
		if strings.HasPrefix(id, "upu_") {
			upu++
		}
	}
	if upu < 200 {
		t.Errorf("S10 numbers named %d upu_ posts, want the 240 or so ISO countries without a post of their own", upu)
	}
	// A upu_ id is Detectable exactly when Detect names it for its
	// country's S10 number.
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			id := "upu_" + string(a) + string(b)
			if carrier.Detectable(id) != named[id] {
				t.Errorf("Detectable(%q) = %v, but Detect names it: %v", id, carrier.Detectable(id), named[id])
			}
		}
	}
}

func TestDetectableRefusesOthers(t *testing.T) {
	for _, id := range []string{"", "sim", "aftership", "track17", "easypost", "UPS", "upu_", "upu_GB", "upu_gb",
		"upu_us", "upu_zz", "upu_j", "upu_jpx", "ups ", "royal_mail"} {
		if carrier.Detectable(id) {
			t.Errorf("Detectable(%q) = true", id)
		}
	}
	if !carrier.Detectable("upu_jp") {
		t.Error(`Detectable("upu_jp") = false`)
	}
}

func ExampleDetectable() {
	fmt.Println(carrier.Detectable("ups"), carrier.Detectable("upu_jp"), carrier.Detectable("aftership"))
	// Output: true true false
}
