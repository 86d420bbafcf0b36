package open311

import (
	"encoding/xml"
	"time"
)

// service is a category as Open311 lists it.
type service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

type serviceList struct {
	XMLName  xml.Name  `xml:"services"`
	Services []service `xml:"service"`
}

// definition is a service's form: the questions its category asks.
type definition struct {
	XMLName    xml.Name    `json:"-" xml:"service_definition"`
	Code       string      `json:"service_code" xml:"service_code"`
	Attributes []attribute `json:"attributes" xml:"attributes>attribute"`
}

type attribute struct {
	Variable            bool    `json:"variable" xml:"variable"`
	Code                string  `json:"code" xml:"code"`
	Datatype            string  `json:"datatype" xml:"datatype"`
	Required            bool    `json:"required" xml:"required"`
	DatatypeDescription string  `json:"datatype_description" xml:"datatype_description"`
	Order               int     `json:"order" xml:"order"`
	Description         string  `json:"description" xml:"description"`
	Values              []value `json:"values" xml:"values>value"`
}

type value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// request is a ticket as the public may see it.
type request struct {
	XMLName           xml.Name   `json:"-" xml:"request"`
	ID                string     `json:"service_request_id" xml:"service_request_id"`
	Status            string     `json:"status" xml:"status"`
	StatusNotes       string     `json:"status_notes" xml:"status_notes"`
	ServiceName       string     `json:"service_name" xml:"service_name"`
	ServiceCode       string     `json:"service_code" xml:"service_code"`
	Description       string     `json:"description" xml:"description"`
	AgencyResponsible string     `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string     `json:"service_notice" xml:"service_notice"`
	Requested         time.Time  `json:"requested_datetime" xml:"requested_datetime"`
	Updated           time.Time  `json:"updated_datetime" xml:"updated_datetime"`
	Expected          *time.Time `json:"expected_datetime" xml:"expected_datetime,omitempty"`
	Address           string     `json:"address" xml:"address"`
	AddressID         string     `json:"address_id" xml:"address_id"`
	Zipcode           string     `json:"zipcode" xml:"zipcode"`
	Lat               *float64   `json:"lat" xml:"lat,omitempty"`
	Long              *float64   `json:"long" xml:"long,omitempty"`
	MediaURL          string     `json:"media_url" xml:"media_url"`
	Extended          *extended  `json:"extended_attributes,omitempty" xml:"extended_attributes,omitempty"`
}

// extended is what extensions=true adds: the detailed status and the
// public timeline.
type extended struct {
	DetailedStatus string       `json:"detailed_status" xml:"detailed_status"`
	StatusNotes    []statusNote `json:"status_notes" xml:"status_notes>note"`
}

type statusNote struct {
	Datetime time.Time `json:"datetime" xml:"datetime"`
	Status   string    `json:"status" xml:"status"`
	Note     string    `json:"note" xml:"note"`
}

type requestList struct {
	XMLName  xml.Name  `xml:"service_requests"`
	Requests []request `xml:"request"`
}

// created answers a POST: the new request's id and what happens next.
type created struct {
	XMLName       xml.Name `json:"-" xml:"request"`
	ID            string   `json:"service_request_id" xml:"service_request_id"`
	Token         string   `json:"token,omitempty" xml:"token,omitempty"`
	ServiceNotice string   `json:"service_notice" xml:"service_notice"`
	AccountID     string   `json:"account_id,omitempty" xml:"account_id,omitempty"`
}

type createdList struct {
	XMLName  xml.Name  `xml:"service_requests"`
	Requests []created `xml:"request"`
}
