package milestone

// Classify returns the milestone of s using the built-in knowledge: the
// carrier's code table, then the multilingual text rules. It never answers
// Delivered for a scan whose description says the parcel was not delivered.
func Classify(s Scan) Milestone { return Default().Explain(s).Milestone }

// Explain classifies s with the built-in knowledge like Classify and also
// returns the detail, whether the customer must act, and the rule that
// decided.
func Explain(s Scan) Result { return Default().Explain(s) }
