package memstore_test

import (
	"testing"

	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/returns/returnstest"
	"github.com/wismo-dev/wismo/returns/store"
)

func TestConformance(t *testing.T) {
	returnstest.Run(t, func(*testing.T) store.Store { return memstore.New() })
}
