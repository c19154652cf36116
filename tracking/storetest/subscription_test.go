package storetest

import (
	"testing"

	"github.com/wismo-dev/wismo/tracking/memstore"
)

// The Service-level subscription case on the in-memory store, also run by
// every store through Run.
func TestSubscriptionThroughServiceOnMemstore(t *testing.T) {
	testSubscriptionThroughService(t, memstore.New())
}
