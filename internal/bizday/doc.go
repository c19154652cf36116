// Package bizday counts business days in a time zone: weekdays minus a host's
// holidays. It is pure: every function takes the time it works on.
package bizday
