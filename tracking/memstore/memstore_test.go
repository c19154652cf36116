package memstore_test

import (
	"testing"

	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
	"github.com/wismo-dev/wismo/tracking/storetest"
)

// The store implements store.HistoryReader, so the kit's ReadHistory cases
// run instead of skipping.
var _ store.HistoryReader = (*memstore.Store)(nil)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memstore.New() })
}
