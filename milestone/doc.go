// Package milestone turns raw carrier scans into the few milestones a customer
// cares about, and drops the noise.
//
// # Taxonomy
//
// A [Milestone] is one of thirteen values. Eight form the journey's progress
// order:
//
//	info_received < picked_up < in_transit < arrived_at_local_facility <
//	out_for_delivery < delivery_attempted < available_for_pickup < delivered
//
// and five stand outside it: exception, returned_to_sender, cancelled, noise
// (a carrier-internal scan with no news, such as "loaded on vehicle") and
// unknown. info_received means the carrier does not have the parcel yet.
//
// # Classification order
//
// [Classify] and [Explain] use the built-in [Knowledge] (see [Default]):
//
//  1. The carrier's code table. Scan.Carrier names the table (lowercase
//     ids such as "ups", "dhl_parcel_de", "aftership", also found without
//     their separators, "canada_post" for "canadapost"; aliases such as
//     "colissimo" for "laposte"), and Scan.Code is looked up without
//     regard to case. A code missing from the table falls back to its
//     parts: "INTIAL.PREADVICE" to "PREADVICE", "PARCEL.*.2.1003.*" to
//     "1003" (wildcard parts name nothing), a type-prefixed code
//     "X_7L" to "7L" and then to its type "X", and aggregator
//     sub-statuses "Exception_019" to "Exception", "transit006" to
//     "transit". Where a carrier publishes the text of each reason beside
//     an event code, an entry for the code and that text ("code|text" in a
//     table, [CodeEntry].Text) wins over the code's own: DHL Parcel
//     Germany's DLVRD is a delivery with "Zustellung an Nachbarn" and a
//     hand-over with "Übergabe an Dienstleister".
//  2. The text rules, over Scan.Description, in English, German, French,
//     Dutch, Spanish, Italian, Portuguese, Polish, Czech, Slovak, Swedish,
//     Danish, Norwegian, Finnish, Hungarian, Romanian, Turkish, Ukrainian and
//     Russian, Japanese, Chinese and Korean, and cross-language rules ("intl")
//     for words and concepts carriers use in every language, such as
//     "Access Point", "ParcelShop", a return to the sender or a mis-sort.
//  3. A statistical fallback: a naive Bayes model over the words and word
//     pairs of the labelled corpus in testdata/corpus (see Measurement),
//     generated into the package. It answers only where no code and no
//     rule decides, only when one milestone is ahead of the next, and never
//     "delivered"; Result.Rule is then "model:naive_bayes".
//  4. Nothing matched: Unknown, with an empty Rule. An unmapped code is
//     reported as such, never silently read as in_transit.
//
// A table entry decides the milestone. The text adds the detail the code
// lacks (a delivered code whose text names a locker, a neighbour or damage
// stays delivered, with that detail) and changes the milestone in two cases
// only: a delivered code never stands against a description saying the
// delivery failed, was cancelled or is going back, and a generic exception
// code whose text names an attempt reason (nobody home, business closed) is
// that attempt. Codes a carrier uses for several meanings (marked '?' in the
// tables, such as DHL's NTDEL "not delivered", or the UPS codes that mean
// different things in UPS's status, exception and activity lists) let the
// text decide and are only the fallback; the text never makes delivered of
// such a code unless the code says delivered or nothing ("?unknown").
//
// A wrong "delivered" is the worst error the classifier can make, so the
// rules are ordered in tiers and "delivered" is tried late: negations
// ("not delivered", "konnte nicht zugestellt werden"), attempts,
// deliveries to a pickup point, locker or post office ("ready for
// collection"), future or rescheduled deliveries ("will be delivered
// tomorrow"), and deliveries that are not to the recipient (to a broker,
// agent or partner; a return delivered to the sender; an SMS "delivered";
// a proof of delivery archived) are all read first. When unsure the
// classifier answers a less advanced milestone or unknown.
//
// # Code tables
//
// One tab-separated file per carrier is embedded from tables/<carrier>.tsv:
//
//	code  milestone  detail  action  meaning
//
// from the carriers' published code lists: UPS (status, exception,
// delivery-location and activity codes), FedEx, USPS, DHL (Unified API,
// Express checkpoints, Parcel Germany, eCommerce Americas), La
// Poste/Colissimo, Chronopost, PostNL, bpost, GLS, DPD, Royal Mail, Canada
// Post, Purolator, Canpar, Australia Post, InPost, Poczta Polska, Česká
// pošta, Packeta, Bring, Correios, SEUR, BRT and others, and the normalised
// statuses of EasyPost, AfterShip, 17TRACK and TrackingMore. [ParseCodeTable]
// reads the same form.
//
// # Text rules
//
// Descriptions are folded while they are matched: lowercase, accents removed
// (ß to ss, œ to oe), punctuation to single spaces; [Normalize] shows the
// result. All phrases of all rules are compiled once into one Aho-Corasick
// automaton, so a description is read in a single pass without allocating,
// whatever the number of rules (up to 65536 automaton states, of which the
// built-in rules use about 45,000; NewClassifier reports more). Phrases in
// other scripts (Japanese, Chinese, Greek, Cyrillic) are matched as written,
// as parts of the description without regard to case, since such scripts
// may not separate words. A [TextRule] matches
// when each of its When groups has a phrase in the text and none of its
// Unless phrases does; the first matching rule in tier order wins. The
// built-in tiers are:
//
//	 7  a status revoked or corrected, a preference withdrawn (noise)
//	 8  cancelled
//	 9  hand-overs to a partner for onward transport (in transit)
//	10  specific phrases a broader rule would misread (customs cleared,
//	    dropped off by the sender, label created, held for pickup)
//	20  returned to sender
//	21  a reason followed by "- return" (returned to sender)
//	29  waiting to be collected, a collection deadline extended
//	30  exceptions: address, refused, damaged, lost, customs hold, weather,
//	    delay, held, not collected
//	35  customs processing without a problem (in transit)
//	36  arrived in the destination country (in transit)
//	38  a failed delivery to a neighbour (attempted), French failures
//	    with a reason ("ne peut être livré", exception)
//	39  failed attempts with a reason (not home, business closed)
//	40  failed delivery attempts and negated deliveries
//	44  failures reported for today or by the driver ("we were unable to
//	    deliver your parcel today")
//	45  vague failures ("unable to deliver")
//	46  collected by the recipient, also from a pickup point (delivered)
//	49  arrived at a post office with no word of collection (local facility)
//	50  waiting at a pickup point, locker or post office
//	60  out for delivery, also a delivery announced for today or within a
//	    time window with no other day named ("will be delivered between
//	    10:15 and 11:15", "wird heute zugestellt")
//	64  at the local office and ready for delivery (local facility)
//	65  deliveries that have not happened yet (in transit)
//	69  a delivery verb that is not a delivery to the recipient (to an
//	    agent or partner, a delivery preference, a notification sent, a
//	    proof of delivery, a revoked status)
//	70  delivered
//	80  arrived at the delivery depot
//	84  received at a sorting centre or hub (in transit), collected from the
//	    sender (picked up)
//	85  noise, picked up
//	90  in transit
//	95  weak hints ("awaiting item", "scanned")
//
// The rules live in rules/<lang>.tsv, read by [ParseTextRules].
//
// # Measurement
//
// testdata/corpus holds about 8,000 real carrier events of over a hundred
// carriers and aggregators in more than twenty languages, each copied from
// a public source (carrier documentation, published code lists, recorded
// responses) that its row names, and labelled by testdata/corpus/LABELLING.md.
// TestEvalCorpus splits it by source into a training part and a test part
// of at least 30% of the rows, so that whole sources are unseen, trains the
// model on the training part only and reports accuracy per carrier,
// language and milestone, the confusion pairs and every false "delivered";
// it also classifies each carrier by text alone with a model trained
// without it. Run it with
//
//	go test -run TestEval -v ./milestone
//
// After a change to the corpus, go generate ./milestone retrains the
// built-in model.
//
// # Detail and action
//
// [Explain] returns a [Result]: the milestone, a [Detail] saying why or how
// (not_home, customs_hold, neighbour, locker, ...), ActionRequired when the
// customer must act (pay duties, correct the address, collect the parcel),
// and Rule, which names the deciding table entry ("table:ups:011") or text
// rule ("text:de:attempted"). When the code decides and the text agrees on
// the milestone, the text may add a detail the code lacked.
//
// # Extending
//
// Hosts extend the built-in knowledge without forking: [NewClassifier] takes
// options that add or override code entries for a carrier ([WithCodes],
// [WithCodeTable]; the host's entries are authoritative, and the text only
// refines them to keep a delivered code from standing against a description
// saying otherwise), add text rules for any language and script
// ([WithTextRules], [WithTextRuleTable]), map carrier ids
// ([WithCarrierAlias]), or start empty ([WithoutBuiltin]). Host text rules
// run before built-in rules of the same tier. A [Knowledge] is immutable and
// safe for concurrent use; it implements [Classifier], as does any host type
// that replaces the classification entirely.
//
// # Relevance policy
//
// [Policy.Decide] is the relevance policy as a pure function: given what a shipment's customer was already told ([Told]), the
// scans that are new in one update (classified, in any order) and the time,
// it returns one [Decision] per scan and what the customer has been told
// afterwards. A decision names the [Notice] the scan would tell (shipped,
// out_for_delivery, delivered, ...) and the [Reason] it is or is not told:
//
//   - sent: worth telling now;
//   - duplicate: already told in this episode;
//   - regression: below the highest milestone already told, or after the
//     journey ended (a late "out for delivery" after "delivered");
//   - superseded: a more advanced notice in the same update wins (out for
//     delivery and delivered in one poll tell only delivered);
//   - stale: older than 48 hours when first seen (a shipment registered late);
//   - disabled: the host switched this notice off (arrived_at_local_facility
//     is off by default);
//   - silent: noise, in_transit after the shipped notice, info_received,
//     unknown and cancelled never notify.
//
// shipped is told once, on the first scan showing the carrier has the parcel;
// info_received never tells it. Two episodes repeat notices: an
// out_for_delivery after a delivery_attempted starts a new delivery episode,
// and an exception after the parcel progressed again is a new exception
// episode. [Decision.Episode] makes stable message ids possible.
package milestone
