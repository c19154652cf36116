// Package carrier defines what a carrier adapter is, the optional
// capabilities it may have, tracking-number detection, and the errors
// adapters report.
package carrier
