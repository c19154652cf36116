package sim_test

// Small assertions on the standard library: testify needs go.yaml.in/yaml/v3
// in go.sum, which the module does not list yet.

import (
	"errors"
	"reflect"
	"testing"
)

// eq reports got != want (by reflect.DeepEqual) as a test error.
func eq(t testing.TB, got, want any, what string) bool {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
		return false
	}
	return true
}

// check reports a false condition as a test error.
func check(t testing.TB, ok bool, what string) bool {
	t.Helper()
	if !ok {
		t.Errorf("%s", what)
	}
	return ok
}

// noErr stops the test on an error.
func noErr(t testing.TB, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", what, err)
	}
}

// errIs reports an error that does not match target.
func errIs(t testing.TB, err, target error, what string) bool {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want one matching %v", what, err, target)
		return false
	}
	return true
}

// errAs reports an error that holds no E.
func errAs[E error](t testing.TB, err error, what string) bool {
	t.Helper()
	if _, ok := errors.AsType[E](err); !ok {
		var zero E
		t.Errorf("%s: error %v, want one holding a %T", what, err, zero)
		return false
	}
	return true
}
