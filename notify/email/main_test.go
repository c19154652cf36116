package email

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind: every SMTP
// conversation, including cancelled ones, must end its connection.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
