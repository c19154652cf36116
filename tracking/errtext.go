package tracking

import "strings"

// oncePrefixed returns err with its text saying "tracking: " once per line:
// the Service's errors wrap its sentinels (ErrInvalid, ErrUnknownShipment,
// ...) and each other, whose texts carry the prefix too, and a host reading
// "tracking: status s1: tracking: unknown shipment" learns nothing from the
// second one. The result matches what err matches (errors.Is, errors.As).
func oncePrefixed(err error) error {
	if err == nil {
		return nil
	}
	const prefix = "tracking: "
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	changed := false
	for i, l := range lines {
		first := strings.Index(l, prefix)
		if first < 0 {
			continue
		}
		head, rest := l[:first+len(prefix)], l[first+len(prefix):]
		if strings.Contains(rest, prefix) {
			lines[i] = head + strings.ReplaceAll(rest, prefix, "")
			changed = true
		}
	}
	if !changed {
		return err
	}
	return &prefixedError{msg: strings.Join(lines, "\n"), err: err}
}

type prefixedError struct {
	msg string
	err error
}

func (e *prefixedError) Error() string { return e.msg }
func (e *prefixedError) Unwrap() error { return e.err }
