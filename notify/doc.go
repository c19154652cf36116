// Package notify renders and sends messages in the shop's own voice through
// the shop's own channels.
package notify
