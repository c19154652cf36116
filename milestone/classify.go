package milestone

// Classify returns the milestone of s using the built-in knowledge.
// PLACEHOLDER: being implemented.
func Classify(s Scan) Milestone { return Unknown }
