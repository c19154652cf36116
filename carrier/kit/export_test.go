package kit

// Unexported names the tests of package kit_test use.
var (
	SanitizeExcerpt     = sanitizeExcerpt
	ParseRetryAfter     = parseRetryAfter
	HMACSHA256          = hmacSHA256
	ErrResponseTooLarge = errResponseTooLarge
)

const (
	DefaultUserAgent     = defaultUserAgent
	DefaultRefreshBefore = defaultRefreshBefore
	DefaultMaxRetries    = defaultMaxRetries
)
