package ups

// Minimal assertions in the shape of testify's assert and require, on the
// standard library only: testify needs go.yaml.in/yaml/v3, which go.mod does
// not list yet. assert reports and continues; require stops the test.

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type checker struct{ fatal bool }

var (
	assert  = checker{}
	require = checker{fatal: true}
)

func (c checker) fail(t testing.TB, msgAndArgs []any, format string, args ...any) bool {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if len(msgAndArgs) > 0 {
		if f, ok := msgAndArgs[0].(string); ok {
			msg += ": " + fmt.Sprintf(f, msgAndArgs[1:]...)
		} else {
			msg += ": " + fmt.Sprint(msgAndArgs...)
		}
	}
	if c.fatal {
		t.Fatal(msg)
	}
	t.Error(msg)
	return false
}

func (c checker) Equal(t testing.TB, want, got any, msgAndArgs ...any) bool {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		return c.fail(t, msgAndArgs, "not equal:\n want %#v\n  got %#v", want, got)
	}
	return true
}

func (c checker) True(t testing.TB, v bool, msgAndArgs ...any) bool {
	t.Helper()
	if !v {
		return c.fail(t, msgAndArgs, "want true")
	}
	return true
}

func (c checker) False(t testing.TB, v bool, msgAndArgs ...any) bool {
	t.Helper()
	if v {
		return c.fail(t, msgAndArgs, "want false")
	}
	return true
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

func (c checker) Nil(t testing.TB, v any, msgAndArgs ...any) bool {
	t.Helper()
	if !isNil(v) {
		return c.fail(t, msgAndArgs, "want nil, got %#v", v)
	}
	return true
}

func (c checker) NotNil(t testing.TB, v any, msgAndArgs ...any) bool {
	t.Helper()
	if isNil(v) {
		return c.fail(t, msgAndArgs, "want non-nil")
	}
	return true
}

func (c checker) Len(t testing.TB, v any, n int, msgAndArgs ...any) bool {
	t.Helper()
	if l := reflect.ValueOf(v).Len(); l != n {
		return c.fail(t, msgAndArgs, "length %d, want %d: %#v", l, n, v)
	}
	return true
}

func (c checker) Contains(t testing.TB, s, sub string, msgAndArgs ...any) bool {
	t.Helper()
	if !strings.Contains(s, sub) {
		return c.fail(t, msgAndArgs, "%q does not contain %q", s, sub)
	}
	return true
}

func (c checker) NotContains(t testing.TB, s, sub string, msgAndArgs ...any) bool {
	t.Helper()
	if strings.Contains(s, sub) {
		return c.fail(t, msgAndArgs, "%q contains %q", s, sub)
	}
	return true
}

func (c checker) NoError(t testing.TB, err error, msgAndArgs ...any) bool {
	t.Helper()
	if err != nil {
		return c.fail(t, msgAndArgs, "unexpected error: %v", err)
	}
	return true
}

func (c checker) Error(t testing.TB, err error, msgAndArgs ...any) bool {
	t.Helper()
	if err == nil {
		return c.fail(t, msgAndArgs, "want an error, got nil")
	}
	return true
}

func (c checker) ErrorIs(t testing.TB, err, target error, msgAndArgs ...any) bool {
	t.Helper()
	if !errors.Is(err, target) {
		return c.fail(t, msgAndArgs, "error %v does not match %v", err, target)
	}
	return true
}

func (c checker) ErrorAs(t testing.TB, err error, target any, msgAndArgs ...any) bool {
	t.Helper()
	if !errors.As(err, target) {
		return c.fail(t, msgAndArgs, "error %v is not a %T", err, target)
	}
	return true
}
