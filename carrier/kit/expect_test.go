package kit_test

// A small assertion helper in the style of testify's require, on the
// standard library only: using testify needs go.yaml.in/yaml/v3 in go.mod,
// which this module does not list yet.

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type expectations struct{}

// expect holds the assertions; each stops the test on failure.
var expect expectations

func failf(t testing.TB, msgAndArgs []any, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if len(msgAndArgs) > 0 {
		if f, ok := msgAndArgs[0].(string); ok && strings.Contains(f, "%") {
			msg += ": " + fmt.Sprintf(f, msgAndArgs[1:]...)
		} else {
			msg += ": " + fmt.Sprint(msgAndArgs...)
		}
	}
	t.Fatal(msg)
}

func asNumber(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

func (expectations) Equal(t testing.TB, want, got any, msgAndArgs ...any) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	if w, ok := asNumber(want); ok {
		if g, ok := asNumber(got); ok && w == g {
			return
		}
	}
	failf(t, msgAndArgs, "got %#v, want %#v", got, want)
}

func (e expectations) EqualValues(t testing.TB, want, got any, msgAndArgs ...any) {
	t.Helper()
	e.Equal(t, want, got, msgAndArgs...)
}

func (expectations) NoError(t testing.TB, err error, msgAndArgs ...any) {
	t.Helper()
	if err != nil {
		failf(t, msgAndArgs, "unexpected error: %v", err)
	}
}

func (expectations) Error(t testing.TB, err error, msgAndArgs ...any) {
	t.Helper()
	if err == nil {
		failf(t, msgAndArgs, "got no error, want one")
	}
}

func (expectations) ErrorIs(t testing.TB, err, target error, msgAndArgs ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		failf(t, msgAndArgs, "error %v does not match %v", err, target)
	}
}

func (expectations) ErrorAs(t testing.TB, err error, target any, msgAndArgs ...any) {
	t.Helper()
	if !errors.As(err, target) {
		failf(t, msgAndArgs, "error %v is not a %T", err, target)
	}
}

func (expectations) ErrorContains(t testing.TB, err error, s string, msgAndArgs ...any) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), s) {
		failf(t, msgAndArgs, "error %v does not contain %q", err, s)
	}
}

func (expectations) True(t testing.TB, v bool, msgAndArgs ...any) {
	t.Helper()
	if !v {
		failf(t, msgAndArgs, "got false, want true")
	}
}

func (expectations) False(t testing.TB, v bool, msgAndArgs ...any) {
	t.Helper()
	if v {
		failf(t, msgAndArgs, "got true, want false")
	}
}

func (expectations) Nil(t testing.TB, v any, msgAndArgs ...any) {
	t.Helper()
	if v != nil && !reflect.ValueOf(v).IsNil() {
		failf(t, msgAndArgs, "got %#v, want nil", v)
	}
}

func (expectations) Contains(t testing.TB, s, sub string, msgAndArgs ...any) {
	t.Helper()
	if !strings.Contains(s, sub) {
		failf(t, msgAndArgs, "%q does not contain %q", s, sub)
	}
}

func (expectations) NotContains(t testing.TB, s, sub string, msgAndArgs ...any) {
	t.Helper()
	if strings.Contains(s, sub) {
		failf(t, msgAndArgs, "%q contains %q", s, sub)
	}
}

func (expectations) Empty(t testing.TB, v any, msgAndArgs ...any) {
	t.Helper()
	if v != nil && reflect.ValueOf(v).Len() != 0 {
		failf(t, msgAndArgs, "got %#v, want it empty", v)
	}
}

func (expectations) Len(t testing.TB, v any, n int, msgAndArgs ...any) {
	t.Helper()
	if l := reflect.ValueOf(v).Len(); l != n {
		failf(t, msgAndArgs, "length %d, want %d", l, n)
	}
}

func (expectations) Greater(t testing.TB, a, b int, msgAndArgs ...any) {
	t.Helper()
	if a <= b {
		failf(t, msgAndArgs, "%d is not greater than %d", a, b)
	}
}

func (expectations) LessOrEqual(t testing.TB, a, b float64, msgAndArgs ...any) {
	t.Helper()
	if a > b {
		failf(t, msgAndArgs, "%v is greater than %v", a, b)
	}
}

func (expectations) InDelta(t testing.TB, want, got, delta float64, msgAndArgs ...any) {
	t.Helper()
	if d := want - got; d > delta || d < -delta {
		failf(t, msgAndArgs, "got %v, want %v ± %v", got, want, delta)
	}
}
