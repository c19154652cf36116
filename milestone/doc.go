// Package milestone turns raw carrier scans into the few milestones a customer
// cares about, and drops the noise.
package milestone
