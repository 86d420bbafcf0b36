package ticketing

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/errs"
)

// AttributeDef is a question a category asks when a ticket is reported
// (an Open311 service attribute).
type AttributeDef struct {
	Code        string            `json:"code"`
	Datatype    string            `json:"datatype"` // string, number, datetime, text, singlevaluelist, multivaluelist
	Required    bool              `json:"required"`
	Order       int               `json:"order"`
	Description map[string]string `json:"description"` // by language
	Values      []AttributeValue  `json:"values,omitempty"`
}

// AttributeValue is one choice of a list attribute.
type AttributeValue struct {
	Key  string            `json:"key"`
	Name map[string]string `json:"name"`
}

// ParseAttributeDefs reads a category's attributes column.
func ParseAttributeDefs(raw []byte) ([]AttributeDef, error) {
	var defs []AttributeDef
	err := json.Unmarshal(raw, &defs)
	slices.SortStableFunc(defs, func(a, b AttributeDef) int { return a.Order - b.Order })
	return defs, err
}

// checkAttributes validates answers (each a string, or a list of strings
// for a multivaluelist) against defs and returns them typed: numbers as
// numbers, lists as lists.
func checkAttributes(defs []AttributeDef, answers map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for code := range answers {
		if !slices.ContainsFunc(defs, func(d AttributeDef) bool { return d.Code == code }) {
			return nil, errs.E(errs.Invalid, "attribute %q is not asked by this category", code)
		}
	}
	for _, d := range defs {
		v, ok := answers[d.Code]
		if !ok || v == "" || v == nil {
			if d.Required {
				return nil, errs.E(errs.Invalid, "attribute %q is required", d.Code)
			}
			continue
		}
		typed, err := d.check(v)
		if err != nil {
			return nil, err
		}
		out[d.Code] = typed
	}
	return out, nil
}

func (d AttributeDef) check(v any) (any, error) {
	if items, ok := v.([]any); ok { // a JSON list
		strs := make([]string, len(items))
		for i, x := range items {
			strs[i] = asString(x)
		}
		v = strs
	}
	list, isList := v.([]string)
	if d.Datatype == "multivaluelist" {
		if !isList {
			list = []string{asString(v)}
		}
		for _, k := range list {
			if !d.hasKey(k) {
				return nil, errs.E(errs.Invalid, "attribute %q has no value %q", d.Code, k)
			}
		}
		return list, nil
	}
	if isList {
		if len(list) != 1 {
			return nil, errs.E(errs.Invalid, "attribute %q takes one value", d.Code)
		}
		v = list[0]
	}
	s := strings.TrimSpace(asString(v))
	switch d.Datatype {
	case "number":
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || n != n {
			return nil, errs.E(errs.Invalid, "attribute %q must be a number", d.Code)
		}
		return n, nil
	case "datetime":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return nil, errs.E(errs.Invalid, "attribute %q must be a date-time like 2026-11-27T10:00:00+01:00", d.Code)
		}
	case "singlevaluelist":
		if !d.hasKey(s) {
			return nil, errs.E(errs.Invalid, "attribute %q has no value %q", d.Code, s)
		}
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 2000 {
		return nil, errs.E(errs.Invalid, "attribute %q is too long or not text", d.Code)
	}
	return s, nil
}

func (d AttributeDef) hasKey(k string) bool {
	return slices.ContainsFunc(d.Values, func(v AttributeValue) bool { return v.Key == k })
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
