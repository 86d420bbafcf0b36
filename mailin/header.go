package mailin

import (
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// bracketedID matches one <id> in Message-ID, In-Reply-To or References.
var bracketedID = regexp.MustCompile(`<([^<>\s]+)>`)

// messageIDs returns the ids in a header value without brackets. Some
// clients leave the brackets out, so bare words count as ids too.
func messageIDs(value string) []string {
	var ids []string
	for _, m := range bracketedID.FindAllStringSubmatch(value, -1) {
		ids = append(ids, m[1])
	}
	if len(ids) > 0 {
		return ids
	}
	for _, word := range strings.Fields(value) {
		if word = strings.Trim(word, "<>,;\"'()"); strings.Contains(word, "@") {
			ids = append(ids, word)
		}
	}
	return ids
}

// firstID returns the first id in value; a lone word without brackets or
// "@" still counts, since it is all the sender gave.
func firstID(value string) string {
	if ids := messageIDs(value); len(ids) > 0 {
		return ids[0]
	}
	for _, word := range strings.Fields(value) {
		if word = strings.Trim(word, "<>,;\"'()"); word != "" {
			return word
		}
	}
	return ""
}

// derivedID gives a message without Message-ID an id that stays the same
// when the same file is read twice, so the intake can still deduplicate.
func derivedID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "sha256-" + hex.EncodeToString(sum[:]) + "@mailin.invalid"
}

func parseDate(h mail.Header) time.Time {
	value := strings.TrimSpace(h.Get("Date"))
	if value == "" {
		return time.Time{}
	}
	date, err := mail.ParseDate(value)
	if err != nil {
		return time.Time{}
	}
	return date
}

// angleAddress finds the address in a header net/mail refuses to parse.
var angleAddress = regexp.MustCompile(`<([^<>\s]+@[^<>\s]+)>`)

func parseAddress(value string) Address {
	value = strings.TrimSpace(value)
	if value == "" {
		return Address{}
	}
	parser := mail.AddressParser{WordDecoder: newWordDecoder()}
	if a, err := parser.Parse(value); err == nil {
		return newAddress(a.Name, a.Address)
	}
	if m := angleAddress.FindStringSubmatchIndex(value); m != nil {
		name := strings.Trim(strings.TrimSpace(value[:m[0]]), `"`)
		return newAddress(decodeHeader(name), value[m[2]:m[3]])
	}
	if !strings.ContainsAny(value, " <>") && strings.Contains(value, "@") {
		return newAddress("", value)
	}
	return Address{Name: decodeHeader(value)}
}

// parseAddressList keeps the mailboxes it can read even when one is broken.
func parseAddressList(value string) []Address {
	if strings.TrimSpace(value) == "" {
		return nil
	}
	parser := mail.AddressParser{WordDecoder: newWordDecoder()}
	var out []Address
	if list, err := parser.ParseList(value); err == nil {
		for _, a := range list {
			out = append(out, newAddress(a.Name, a.Address))
		}
		return out
	}
	for _, piece := range strings.Split(value, ",") {
		if a := parseAddress(piece); a.Email != "" {
			out = append(out, a)
		}
	}
	return out
}

func newAddress(name, email string) Address {
	return Address{Name: repairHeader(name), Email: strings.ToLower(repairHeader(email))}
}
