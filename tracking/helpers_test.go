package tracking

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// Small assertion helpers (testify's require does not build in this module
// until go.sum gains its yaml dependency).

func msgOf(args []any) string {
	if len(args) == 0 {
		return ""
	}
	if f, ok := args[0].(string); ok {
		return ": " + fmt.Sprintf(f, args[1:]...)
	}
	return ": " + fmt.Sprint(args...)
}

func eq(t testing.TB, want, got any, args ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		if wt, ok := want.(interface{ Equal(any) bool }); ok && wt.Equal(got) {
			return
		}
		t.Fatalf("want %v, got %v%s", want, got, msgOf(args))
	}
}

func isTrue(t testing.TB, ok bool, args ...any) {
	t.Helper()
	if !ok {
		t.Fatalf("condition failed%s", msgOf(args))
	}
}

func noErr(t testing.TB, err error, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error %v%s", err, msgOf(args))
	}
}

func contains[T comparable](t testing.TB, list []T, v T, args ...any) {
	t.Helper()
	if !slices.Contains(list, v) {
		t.Fatalf("%v does not contain %v%s", list, v, msgOf(args))
	}
}
