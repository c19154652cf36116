package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	text := out.String()

	var kinds []string
	for _, m := range regexp.MustCompile(`(?m)^── customer · (\w+) ·`).FindAllStringSubmatch(text, -1) {
		kinds = append(kinds, m[1])
	}
	assert.Equal(t, []string{
		"shipped", "out_for_delivery", "delivered", // the outbound order
		"return_requested", "return_approved", "return_label",
		// no feedback_request for the outbound order: its return is open
		"return_in_transit", "return_received", "refund_issued",
	}, kinds, "every step of the return tells the customer, once, in order")

	var states []string
	for _, m := range regexp.MustCompile(`(?m)^>> return ret-1001-1: (\w+)`).FindAllStringSubmatch(text, -1) {
		states = append(states, m[1])
	}
	assert.Equal(t, []string{"approved", "label_issued", "in_transit", "received", "inspected", "refunded"}, states)

	assert.Contains(t, text, "Subject: Your refund of €49.90 is on its way")
	assert.Contains(t, text, "window ends Fri 10 Apr 23:59 CEST")
	assert.Contains(t, text, "https://labels.sim.invalid/SIMR000000001.pdf")
	assert.Equal(t, 1, strings.Count(text, "Download your return label"), "the label link only in the label message")
	assert.NotContains(t, text, "ada@example.com", "the console shows names, not addresses")
}
