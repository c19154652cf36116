package easypost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// defaultReturnWeightOz is the parcel weight sent when the request has none:
// EasyPost requires a weight to rate a shipment.
const defaultReturnWeightOz = 16

// address is EasyPost's Address object (the fields a label needs).
type address struct {
	Name    string `json:"name,omitempty"`
	Company string `json:"company,omitempty"`
	Street1 string `json:"street1"`
	Street2 string `json:"street2,omitempty"`
	City    string `json:"city"`
	State   string `json:"state,omitempty"`
	Zip     string `json:"zip"`
	Country string `json:"country"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
}

func toAddress(a carrier.Address) address {
	return address{Name: a.Name, Company: a.Company, Street1: a.Line1, Street2: a.Line2, City: a.City,
		State: a.State, Zip: a.PostalCode, Country: a.Country, Phone: a.Phone, Email: a.Email}
}

// rate is one of a shipment's rates.
type rate struct {
	ID      string `json:"id"`
	Carrier string `json:"carrier"`
	Service string `json:"service"`
	Rate    string `json:"rate"`
}

// shipment is EasyPost's Shipment object (the fields a return label needs).
type shipment struct {
	ID           string `json:"id"`
	IsReturn     bool   `json:"is_return"`
	TrackingCode string `json:"tracking_code"`
	Rates        []rate `json:"rates"`
	SelectedRate *rate  `json:"selected_rate"`
	PostageLabel *struct {
		LabelURL      string `json:"label_url"`
		LabelFileType string `json:"label_file_type"`
		LabelPDFURL   string `json:"label_pdf_url"`
	} `json:"postage_label"`
	Messages []struct {
		Carrier string `json:"carrier"`
		Message string `json:"message"`
	} `json:"messages"`
}

// CreateReturnLabel buys a return label, as EasyPost's Returns guide
// documents: it creates a Shipment with is_return set, giving the addresses
// of the original shipment (to_address the customer, from_address the shop;
// EasyPost swaps them for the return), then buys the rate that matches
// req.Service (an EasyPost service name such as "Priority", optionally
// prefixed with the carrier: "USPS/Priority"), or else the cheapest rate.
// The label's tracking number is then trackable with Track. EasyPost bills
// the label when it is bought.
func (c *Carrier) CreateReturnLabel(ctx context.Context, req carrier.ReturnLabelRequest) (_ *carrier.ReturnLabel, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	if req.From.Line1 == "" || req.To.Line1 == "" {
		return nil, carrier.Permanent(errors.New("easypost: return label: From and To need at least a street line"))
	}
	oz := defaultReturnWeightOz
	if req.WeightGrams > 0 {
		oz = int(math.Ceil(float64(req.WeightGrams) / 28.349523125))
	}
	body, err := json.Marshal(map[string]any{"shipment": map[string]any{
		"to_address":   toAddress(req.From),
		"from_address": toAddress(req.To),
		"parcel":       map[string]any{"weight": oz},
		"is_return":    true,
		"reference":    req.Reference,
	}})
	if err != nil {
		return nil, err
	}
	var created shipment
	if err := c.call(ctx, http.MethodPost, c.base.JoinPath("shipments").String(), body, &created); err != nil {
		return nil, fmt.Errorf("easypost: return label: create shipment: %w", err)
	}
	r, err := pickRate(created, req.Service)
	if err != nil {
		return nil, fmt.Errorf("easypost: return label for shipment %s: %w", created.ID, err)
	}
	buy, _ := json.Marshal(map[string]any{"rate": map[string]string{"id": r.ID}})
	var bought shipment
	if err := c.call(ctx, http.MethodPost, c.base.JoinPath("shipments", created.ID, "buy").String(), buy, &bought); err != nil {
		return nil, fmt.Errorf("easypost: return label: buy rate %s: %w", r.ID, err)
	}
	if bought.TrackingCode == "" || bought.PostageLabel == nil || bought.PostageLabel.LabelURL == "" {
		return nil, fmt.Errorf("easypost: return label: bought shipment %s has no tracking code or label: %w", bought.ID, carrier.ErrMalformed)
	}
	label := &carrier.ReturnLabel{Carrier: ID, TrackingNumber: bought.TrackingCode, URL: bought.PostageLabel.LabelURL,
		Format: strings.TrimPrefix(strings.ToLower(bought.PostageLabel.LabelFileType), "image/")}
	if label.Format == "application/pdf" {
		label.Format = "pdf"
	}
	return label, nil
}

// pickRate chooses the rate named by service ("Priority" or "USPS/Priority"),
// or the cheapest.
func pickRate(s shipment, service string) (rate, error) {
	if len(s.Rates) == 0 {
		msgs := make([]string, 0, len(s.Messages))
		for _, m := range s.Messages {
			msgs = append(msgs, m.Carrier+": "+m.Message)
		}
		return rate{}, carrier.Permanent(fmt.Errorf("no rates for this return (%s)", strings.Join(msgs, "; ")))
	}
	if service != "" {
		wantCarrier, wantService, ok := strings.Cut(service, "/")
		if !ok {
			wantCarrier, wantService = "", service
		}
		for _, r := range s.Rates {
			if strings.EqualFold(r.Service, wantService) && (wantCarrier == "" || strings.EqualFold(r.Carrier, wantCarrier)) {
				return r, nil
			}
		}
		return rate{}, carrier.Permanent(fmt.Errorf("no rate for service %q", service))
	}
	best, bestPrice := rate{}, math.Inf(1)
	for _, r := range s.Rates {
		p, err := strconv.ParseFloat(r.Rate, 64)
		if err != nil {
			continue
		}
		if p < bestPrice {
			best, bestPrice = r, p
		}
	}
	if best.ID == "" {
		return rate{}, fmt.Errorf("%w: no rate with a readable price", carrier.ErrMalformed)
	}
	return best, nil
}

// call sends a JSON request and decodes a 2xx answer into out, mapping
// errors like Track does.
func (c *Carrier) call(ctx context.Context, method, u string, body []byte, out any) error {
	resp, err := c.do(ctx, method, u, body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var e apiError
		_ = json.Unmarshal(resp.Body, &e)
		if strings.HasPrefix(e.Error.Code, "APIKEY.") {
			return fmt.Errorf("%s: %s: %w", e.Error.Code, e.Error.Message, carrier.ErrUnauthorized)
		}
		return kit.StatusError(ID, resp)
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("%w: %v", carrier.ErrMalformed, err)
	}
	return nil
}

var _ carrier.ReturnLabeler = (*Carrier)(nil)
