// Package hmacsig signs and verifies timestamped HMAC-SHA256 signatures of the
// form "t=<unix seconds>,v1=<hex>[,v1=<hex>...]", computed over
// "<t>.<payload>". Several v1 values allow a sender to sign with two secrets
// during key rotation; several secrets allow a receiver to accept either.
//
// It is shared by carrier (webhooks carriers send to wismo hosts) and
// notify/webhook (webhooks wismo sends), so neither imports the other.
package hmacsig
