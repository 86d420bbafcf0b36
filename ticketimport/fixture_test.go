package ticketimport_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// bostonHeader is the export's header, as published.
var bostonHeader = strings.Split("CASE_ENQUIRY_ID,OPEN_DT,TARGET_DT,CLOSED_DT,OnTime_Status,CASE_STATUS,CLOSURE_REASON,"+
	"CASE_TITLE,SUBJECT,REASON,TYPE,QUEUE,Department,SubmittedPhoto,ClosedPhoto,Location,fire_district,pwd_district,"+
	"city_council_district,police_district,neighborhood,neighborhood_services_district,ward,precinct,land_usage,"+
	"LOCATION_STREET_NAME,LOCATION_ZIPCODE,Property_Type,Property_ID,LATITUDE,LONGITUDE,Source,Geocoded_Location", ",")

// bostonCase is one row of a fixture, by column name; unset columns are empty.
type bostonCase map[string]string

// A case in each type the fixture uses: a street light, and two types of
// one reason (siblings).
func streetLight(id, opened, lat, lon string) bostonCase {
	return bostonCase{"CASE_ENQUIRY_ID": id, "OPEN_DT": opened, "TARGET_DT": "01/20/2015 08:30:00 AM",
		"CASE_STATUS": "Open", "CASE_TITLE": "Street Light Outages", "REASON": "Street Lights",
		"TYPE": "Street Light Outages", "QUEUE": "PWDx_Street Light Outages", "LOCATION_STREET_NAME": "145 Ipswich St",
		"LATITUDE": lat, "LONGITUDE": lon, "Source": "Constituent Call"}
}

func pothole(id, opened, lat, lon string) bostonCase {
	return bostonCase{"CASE_ENQUIRY_ID": id, "OPEN_DT": opened, "CASE_STATUS": "Open", "CASE_TITLE": "Pothole",
		"REASON": "Highway Maintenance", "TYPE": "Request for Pothole Repair", "QUEUE": "PWDx_District 1C: North Dorchester",
		"LOCATION_STREET_NAME": "12 Adams St", "LATITUDE": lat, "LONGITUDE": lon, "Source": "Citizens Connect App"}
}

func sidewalk(id, opened, lat, lon string) bostonCase {
	c := pothole(id, opened, lat, lon)
	c["TYPE"], c["CASE_TITLE"], c["Source"] = "Sidewalk Repair", "Sidewalk Repair", "Employee Generated"
	return c
}

// with returns a copy of c with some columns changed.
func (c bostonCase) with(kv ...string) bostonCase {
	out := bostonCase{}
	for k, v := range c {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func (c bostonCase) closed(at, reason string) bostonCase {
	return c.with("CASE_STATUS", "Closed", "CLOSED_DT", at, "CLOSURE_REASON", reason)
}

// exportOf writes cases as the export does (header first, line 1).
func exportOf(t *testing.T, cases []bostonCase) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(bostonHeader); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		rec := make([]string, len(bostonHeader))
		for i, h := range bostonHeader {
			rec[i] = c[h]
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.Bytes()
}

// The fallback point Boston puts unplaced cases on.
const fallbackLat, fallbackLon = "42.3594", "-71.0587"

// fixture is a small export with one of each thing an import must handle;
// the comments give each case's line in the file.
func fixture() []bostonCase {
	cases := []bostonCase{
		streetLight("101001000001", "01/05/2015 09:15:00 AM", "42.3474", "-71.0944"), // 2: open
		streetLight("101001000002", "01/05/2015 10:00:00 AM", "42.3475", "-71.0945").
			closed("01/06/2015 04:17:43 PM", "Case Closed Case Resolved Rebuilt luminaires"), // 3
		streetLight("101001000003", "01/05/2015 11:00:00 AM", "42.3474", "-71.0944").with("Source", "Self Service").
			closed("01/05/2015 12:00:00 PM", "Case Closed Duplicate of Existing Case 1000001"), // 4: names line 2
		pothole("101001000004", "01/07/2015 08:00:00 AM", "42.3300", "-71.0600").
			closed("01/08/2015 08:00:00 AM", "Case Closed Case Noted duplicate CRM"), // 5: names none
		sidewalk("101001000005", "01/07/2015 09:00:00 AM", "42.3301", "-71.0601").
			closed("01/09/2015 08:00:00 AM", "Case Closed Duplicate of Existing Case 101009999999"), // 6: names one not here
		pothole("101001000006", "2015-01-07 10:00", "42.3300", "-71.0600"),                                          // 7: bad date
		pothole("101001000007", "01/07/2015 11:00:00 AM", "40.7128", "-74.0060"),                                    // 8: New York
		pothole("101001000008", "01/07/2015 12:00:00 PM", "", "").with("LOCATION_STREET_NAME", ""),                  // 9: no place
		pothole("101001000009", "01/07/2015 01:00:00 PM", "42.3302", "-71.0602").with("Source", "Carrier Pigeon"),   // 10
		sidewalk("101001000010", "01/08/2015 08:00:00 AM", "42.3310", "-71.0610"),                                   // 11: repeated on 12
		sidewalk("101001000010", "01/08/2015 08:00:00 AM", "42.3310", "-71.0610").with("CASE_TITLE", "Broken slab"), // 12
	}
	// 13–72: sixty cases from all over town on the fallback coordinate.
	for i := range 60 {
		cases = append(cases, pothole(fmt.Sprintf("1010020%05d", i), "01/09/2015 09:00:00 AM", fallbackLat, fallbackLon).
			with("LOCATION_STREET_NAME", fmt.Sprintf("%d Fallback St", i+1)))
	}
	return cases
}

// neighbourhoodsJSON is two neighbourhoods splitting central Boston at
// longitude -71.08.
const neighbourhoodsJSON = `{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"Neighborhood_ID": "1", "Name": "West"},
  "geometry": {"type": "Polygon", "coordinates": [[[-71.20, 42.20], [-71.08, 42.20], [-71.08, 42.45], [-71.20, 42.45], [-71.20, 42.20]]]}},
 {"type": "Feature", "properties": {"Neighborhood_ID": "2", "Name": "East"},
  "geometry": {"type": "Polygon", "coordinates": [[[-71.08, 42.20], [-70.90, 42.20], [-70.90, 42.45], [-71.08, 42.45], [-71.08, 42.20]]]}}]}`

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
