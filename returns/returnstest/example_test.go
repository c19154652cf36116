package returnstest_test

import (
	"testing"

	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/returns/returnstest"
	"github.com/wismo-dev/wismo/returns/store"
)

// A store's own test file runs the kit with a constructor that returns a
// fresh store for each case.
func ExampleRun() {
	// In mystore_test.go:
	//
	//	func TestConformance(t *testing.T) {
	//		returnstest.Run(t, func(t *testing.T) store.Store { return mystore.New() })
	//	}
	_ = func(t *testing.T) {
		returnstest.Run(t, func(t *testing.T) store.Store { return memstore.New() })
	}
}
