package open311_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

var attributeFields = []string{"variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"}

func TestServiceAttributesAreDescribedCheckedAndKept(t *testing.T) {
	s := newSite(t)
	_, b, _ := s.get("/open311/v2/services.json")
	for _, it := range jsonItems(t, b) {
		if want := it["service_code"] == "grofvuil" || it["service_code"] == "gladheidsbestrijding"; want && it["metadata"] != true {
			t.Errorf("%s has attributes but metadata %v", it["service_code"], it["metadata"])
		}
		if it["service_code"] == "sluikstort" && it["metadata"] != false {
			t.Errorf("sluikstort asks nothing but metadata is %v", it["metadata"])
		}
	}
	code, b, _ := s.get("/open311/v2/services/grofvuil.json?lang=fr")
	var def struct {
		Attributes []map[string]any `json:"attributes"`
	}
	if err := json.Unmarshal(b, &def); err != nil || code != 200 || len(def.Attributes) != 2 {
		t.Fatalf("definition: %d %s", code, b)
	}
	hasFields(t, "attribute", jsonKeys(def.Attributes[0]), attributeFields)
	if def.Attributes[0]["code"] != "items" || def.Attributes[0]["datatype"] != "multivaluelist" || def.Attributes[0]["required"] != true ||
		!strings.Contains(string(b), "Canapé") {
		t.Errorf("first attribute %v", def.Attributes[0])
	}
	_, b, _ = s.get("/open311/v2/services/grofvuil.xml")
	if !strings.Contains(string(b), "<attributes>") || !strings.Contains(string(b), "<values>") || !strings.Contains(string(b), "<key>zetel</key>") {
		t.Errorf("XML definition: %s", b)
	}

	lon, lat := s.place()
	post := func(extra url.Values) (int, []byte) {
		v := url.Values{"api_key": {s.key}, "service_code": {"grofvuil"}, "lat": {ftoa(lat)}, "long": {ftoa(lon)}}
		for k, x := range extra {
			v[k] = x
		}
		return s.post("/open311/v2/requests.json", v)
	}
	for name, extra := range map[string]url.Values{
		"a missing required attribute": {},
		"a value that is not listed":   {"attribute[items][]": {"piano"}},
		"a number that is not one":     {"attribute[items][]": {"zetel"}, "attribute[volume_m3]": {"veel"}},
		"an attribute not asked":       {"attribute[items][]": {"zetel"}, "attribute[kleur]": {"rood"}},
	} {
		code, b := post(extra)
		if code != 400 || !strings.Contains(string(b), "attribute") {
			t.Errorf("%s: %d %s", name, code, b)
		}
	}
	code, b = post(url.Values{"attribute[items][]": {"zetel", "matras"}, "attribute[volume_m3]": {"2.5"}, "media_url": {"https://example.be/zetel.jpg"}})
	if code != 201 {
		t.Fatalf("post with answers: %d %s", code, b)
	}
	id := jsonItems(t, b)[0]["service_request_id"].(string)
	var stored string
	if err := s.pool.QueryRow(t.Context(), `SELECT attributes::text FROM ticket WHERE reference = $1`, id).Scan(&stored); err != nil ||
		stored != `{"items": ["zetel", "matras"], "volume_m3": 2.5}` {
		t.Errorf("stored answers %s %v", stored, err)
	}
	_, b, _ = s.get("/open311/v2/requests/" + id + ".json")
	if got := jsonItems(t, b)[0]; got["media_url"] != "https://example.be/zetel.jpg" {
		t.Errorf("media_url %v", got["media_url"])
	}
}
