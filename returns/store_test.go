package returns_test

import (
	"testing"

	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/returnstest"
)

func TestMemoryStoreConformance(t *testing.T) {
	returnstest.Run(t, func(*testing.T) returns.Store { return returns.NewMemoryStore() })
}
